'use client';
import { useQueryClient } from '@tanstack/react-query';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { can } from '@vigie/contracts/roles';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useStore } from 'zustand';
import { SESSION_QUERY_KEY, logout } from '../api/auth';
import { useI18n } from '../i18n/i18n-context';
import { mapStatsStore } from '../map/map-stats';
import { ConnectionStatus } from './connection-status';
import { LanguagePicker } from './language-picker';

const NAV = [
  { href: '/', key: 'nav.live' },
  { href: '/replay', key: 'nav.replay' },
  { href: '/search', key: 'nav.search' },
] as const;

/** Shown to roles that manage data sources. */
const ADMIN_NAV = [
  { href: '/admin/feeds', key: 'nav.admin' },
  { href: '/admin/rules', key: 'nav.rules' },
] as const;

/** `live`: show the live connection and the count of the live map (not on replay or search). */
export function AppHeader({ user, live = true }: { user: TSessionUser; live?: boolean }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const count = useStore(mapStatsStore, (s) => s.entityCount);
  const onLogout = async () => {
    try {
      await logout();
    } finally {
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      router.replace('/login');
    }
  };
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          ◈
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
      </div>
      <nav className="app-header__nav" aria-label={t('nav.label')}>
        {[...NAV, ...(can(user.role, 'source.manage') ? ADMIN_NAV : [])].map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className="app-header__link"
            data-testid={`nav-${item.href.slice(1) || 'live'}`}
            aria-current={pathname === item.href ? 'page' : undefined}
          >
            {t(item.key)}
          </Link>
        ))}
      </nav>
      {live && (
        <div className="app-header__status">
          <ConnectionStatus />
          <span className="app-header__count" data-testid="entity-count">
            {t('header.entities', { count: new Intl.NumberFormat(locale).format(count) })}
          </span>
        </div>
      )}
      <div className="app-header__user">
        <span className="app-header__who">
          <span className="app-header__user-name">{user.name}</span>
          <span className="app-header__role">{t(`role.${user.role}`)}</span>
        </span>
        <LanguagePicker />
        <button type="button" className="button button--ghost" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
