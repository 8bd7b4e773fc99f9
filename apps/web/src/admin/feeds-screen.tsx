'use client';
// Admin page of the polled feeds (CAP, USGS, GDACS): schedule, last success, errors and item counters,
// with add, enable/disable, run now and remove. Needs the source.manage permission (admins).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFeedV1 } from '@vigie/contracts/feeds';
import { can } from '@vigie/contracts/roles';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { useTRPC } from '../api/trpc';
import { AppHeader } from '../components/app-header';
import { useI18n } from '../i18n/i18n-context';

const KINDS = ['cap', 'usgs', 'gdacs'] as const;
const REFRESH_MS = 10_000;

function FeedsPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const feeds = useQuery(trpc.feeds.list.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.feeds.list.queryKey() });
  const create = useMutation(trpc.feeds.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.feeds.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.feeds.remove.mutationOptions({ onSuccess: refresh }));
  const runNow = useMutation(trpc.feeds.runNow.mutationOptions({ onSuccess: refresh }));
  const [form, setForm] = useState({
    kind: 'cap' as (typeof KINDS)[number],
    name: '',
    url: '',
    source: '',
    intervalS: 300,
  });

  const when = (iso: string | null) =>
    iso === null
      ? '—'
      : new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm((f) => ({ ...f, name: '', url: '' })) });
  };
  const problem = create.error ?? update.error ?? remove.error ?? runNow.error ?? feeds.error;

  return (
    <>
      <h1>{t('feeds.title')}</h1>
      <form className="feeds-form" onSubmit={submit} data-testid="feed-form">
        <label>
          {t('feeds.kind')}
          <select
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as (typeof KINDS)[number] })}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`feeds.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('feeds.name')}
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('feeds.url')}
          <input
            required
            type="url"
            value={form.url}
            onChange={(e) => setForm({ ...form, url: e.target.value })}
          />
        </label>
        <label>
          {t('feeds.source')}
          <input
            required
            pattern="[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]*"
            value={form.source}
            onChange={(e) => setForm({ ...form, source: e.target.value })}
          />
        </label>
        <label>
          {t('feeds.interval')}
          <input
            type="number"
            min={30}
            max={86400}
            value={form.intervalS}
            onChange={(e) => setForm({ ...form, intervalS: Number(e.target.value) })}
          />
        </label>
        <button type="submit" className="button" disabled={create.isPending}>
          {t('feeds.add')}
        </button>
      </form>
      {problem && <p className="error-text">{t('feeds.error', { message: problem.message })}</p>}
      {feeds.data && feeds.data.length === 0 && <p className="muted">{t('feeds.empty')}</p>}
      {feeds.data && feeds.data.length > 0 && (
        <table className="feeds-table" data-testid="feeds-table">
          <thead>
            <tr>
              <th>{t('feeds.name')}</th>
              <th>{t('feeds.schedule')}</th>
              <th>{t('feeds.lastSuccess')}</th>
              <th>{t('feeds.nextRun')}</th>
              <th>{t('feeds.errors')}</th>
              <th>{t('feeds.seen')}</th>
              <th>{t('feeds.accepted')}</th>
              <th>{t('feeds.rejected')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {feeds.data.map((feed: TFeedV1) => (
              <tr key={feed.id} data-testid={`feed-${feed.id}`}>
                <td>
                  <strong>{feed.name}</strong>{' '}
                  <span className="muted">
                    ({t(`feeds.kind.${feed.kind === 'georss' ? 'cap' : feed.kind}`)})
                  </span>
                  <br />
                  <span className="muted">{feed.url}</span>
                </td>
                <td>
                  {feed.enabled ? t('feeds.every', { seconds: count(feed.intervalS) }) : t('feeds.disabled')}
                </td>
                <td>{when(feed.lastSuccessAt)}</td>
                <td>{feed.enabled ? when(feed.nextRunAt) : '—'}</td>
                <td>
                  {count(feed.errorCount)}
                  {feed.lastError && feed.consecutiveFailures > 0 && (
                    <div className="feeds-error" title={feed.lastErrorAt ?? ''}>
                      {feed.lastError}
                    </div>
                  )}
                </td>
                <td className="num">{count(feed.itemsSeen)}</td>
                <td className="num">{count(feed.itemsAccepted)}</td>
                <td className="num">{count(feed.itemsRejected)}</td>
                <td>
                  <div className="feeds-actions">
                    <button
                      type="button"
                      className="button"
                      onClick={() => update.mutate({ id: feed.id, enabled: !feed.enabled })}
                    >
                      {feed.enabled ? t('feeds.disable') : t('feeds.enable')}
                    </button>
                    <button
                      type="button"
                      className="button"
                      disabled={!feed.enabled}
                      onClick={() => runNow.mutate({ id: feed.id })}
                    >
                      {t('feeds.runNow')}
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        if (window.confirm(t('feeds.confirmRemove', { name: feed.name })))
                          remove.mutate({ id: feed.id });
                      }}
                    >
                      {t('feeds.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function FeedsScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  useEffect(() => {
    if (session.data === null) router.replace('/login');
  }, [session.data, router]);
  if (session.data === undefined || session.data === null) {
    return <main className="center-screen muted">{t('map.loading')}</main>;
  }
  return (
    <div className="feeds-screen">
      <AppHeader user={session.data} live={false} />
      <main className="feeds-screen__body">
        {can(session.data.role, 'source.manage') ? (
          <FeedsPanel />
        ) : (
          <p className="error-text">{t('feeds.forbidden')}</p>
        )}
      </main>
    </div>
  );
}
