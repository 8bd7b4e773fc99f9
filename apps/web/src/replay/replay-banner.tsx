'use client';
// The banner that says, all the time, that this is the past, and which instant is shown.
import Link from 'next/link';
import { useStore } from 'zustand';
import { useI18n } from '../i18n/i18n-context';
import { replayStore } from './replay-state';

export function ReplayBanner() {
  const { t, locale } = useI18n();
  const atMs = useStore(replayStore, (s) => s.atMs);
  const time =
    atMs === null
      ? '—'
      : new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' }).format(atMs);
  return (
    <div className="replay-banner" role="status" data-testid="replay-banner">
      <span className="replay-banner__badge" aria-hidden="true">
        ⟲
      </span>
      <strong>{t('replay.banner')}</strong>
      <span className="replay-banner__time" data-testid="replay-time">
        {t('replay.bannerTime', { time })}
      </span>
      <Link className="button button--ghost replay-banner__live" href="/">
        {t('replay.backToLive')}
      </Link>
    </div>
  );
}
