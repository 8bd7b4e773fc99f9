'use client';
// The replay page: the past picture on its own map, its own socket (`/replay`) and its own store, so the live
// view (here or in other people's browsers) is never disturbed. The period comes from the address
// (`?from=…&to=…&at=…&speed=…`) or the period form; the session opens as soon as the page runs.
import { useQuery } from '@tanstack/react-query';
import { REPLAY_MAX_RANGE_HOURS } from '@vigie/contracts/replay-socket-catalog';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { AppHeader } from '../components/app-header';
import { useI18n } from '../i18n/i18n-context';
import { ReplayBanner } from './replay-banner';
import { ReplayControls } from './replay-controls';
import { startReplayFeed } from './replay-feed';
import type { ReplayFeed } from './replay-feed';
import { fromLocalInput, isValidRange, parseReplayParams, replayHref, toLocalInput } from './replay-range';
import type { ReplayParams } from './replay-range';
import { replayClosed, replayStore, updateReplay } from './replay-state';
import { ReplayTimeline, formatInstant } from './replay-timeline';
import type { TimeRange } from './timeline';

function MapLoading() {
  const { t } = useI18n();
  return <div className="live-map live-map--loading">{t('map.loading')}</div>;
}

const ReplayMapElement = dynamic(() => import('./replay-map'), { ssr: false, loading: () => <MapLoading /> });

function PeriodForm({ range, onOpen }: { range: TimeRange; onOpen: (range: TimeRange) => void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(() => toLocalInput(range.startMs));
  const [to, setTo] = useState(() => toLocalInput(range.endMs));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setFrom(toLocalInput(range.startMs));
    setTo(toLocalInput(range.endMs));
  }, [range.startMs, range.endMs]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startMs = fromLocalInput(from);
    const endMs = fromLocalInput(to);
    const next = startMs === null || endMs === null ? null : { startMs, endMs };
    setInvalid(next === null || !isValidRange(next));
    if (next !== null && isValidRange(next)) onOpen(next);
  };
  return (
    <form className="replay-period" onSubmit={submit}>
      <h2 className="panel-section__title">{t('replay.period')}</h2>
      <label className="field">
        <span className="field__label">{t('replay.from')}</span>
        <input
          className="field__input"
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('replay.to')}</span>
        <input
          className="field__input"
          type="datetime-local"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </label>
      {invalid && <p className="error-text">{t('replay.invalidRange', { hours: REPLAY_MAX_RANGE_HOURS })}</p>}
      <button type="submit" className="button">
        {t('replay.open')}
      </button>
    </form>
  );
}

function ReplayPanel({ onOpen }: { onOpen: (range: TimeRange) => void }) {
  const { t, locale } = useI18n();
  const range = useStore(replayStore, (s) => s.range);
  const status = useStore(replayStore, (s) => s.status);
  const error = useStore(replayStore, (s) => s.error);
  const awaiting = useStore(replayStore, (s) => s.awaitingSnapshot);
  const entityCount = useStore(replayStore, (s) => s.entities.size);
  const incidents = useStore(replayStore, (s) => s.incidents);
  const actions = useStore(replayStore, (s) => s.actions);
  const open = [...incidents.values()].filter((i) => i.status !== 'closed');
  return (
    <aside className="replay-panel">
      {range !== null && <PeriodForm range={range} onOpen={onOpen} />}
      <p className="muted" aria-live="polite">
        {status === 'opening' && t('replay.opening')}
        {status === 'open' && awaiting && t('replay.waiting')}
        {status === 'open' && !awaiting && t('replay.entities', { count: entityCount })}
      </p>
      {status === 'error' && <p className="error-text">{t('replay.error', { code: error ?? '?' })}</p>}
      <section className="panel-section">
        <h2 className="panel-section__title">{t('replay.incidents')}</h2>
        {open.length === 0 ? (
          <p className="muted">{t('replay.noIncidents')}</p>
        ) : (
          <ul className="replay-list" data-testid="replay-incidents">
            {open.map((i) => (
              <li key={i.incidentId}>
                <strong>{i.title}</strong>
                <span className="muted">
                  {t(`incidentStatus.${i.status}`)} · {formatInstant(locale, Date.parse(i.at))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel-section">
        <h2 className="panel-section__title">{t('replay.actions')}</h2>
        {actions.length === 0 ? (
          <p className="muted">{t('replay.noActions')}</p>
        ) : (
          <ul className="replay-list">
            {[...actions]
              .reverse()
              .slice(0, 30)
              .map((a) => (
                <li key={a.commandId}>
                  <span>
                    {a.kind} → {a.target}
                  </span>
                  <span className="muted">
                    {a.actorId} · {a.outcome} · {formatInstant(locale, Date.parse(a.at))}
                  </span>
                </li>
              ))}
          </ul>
        )}
      </section>
    </aside>
  );
}

export function ReplayScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  const [feed, setFeed] = useState<ReplayFeed | null>(null);
  const params = useRef<ReplayParams | null>(null);

  useEffect(() => {
    if (session.data === null) router.replace('/login');
  }, [session.data, router]);

  const signedIn = session.data !== undefined && session.data !== null;
  useEffect(() => {
    if (!signedIn) return;
    params.current = parseReplayParams(window.location.search, Date.now());
    const started = startReplayFeed(replayStore);
    const { range, speed } = params.current;
    if (speed !== null) started.speed(speed);
    started.open({ range });
    setFeed(started);
    return () => {
      started.close();
      updateReplay(replayStore, replayClosed, undefined);
      setFeed(null);
    };
  }, [signedIn]);

  // Once the session is open, put the cursor where the address asked.
  useEffect(
    () =>
      replayStore.subscribe((state, previous) => {
        const at = params.current?.atMs ?? null;
        if (state.status === 'open' && previous.status !== 'open' && at !== null && feed !== null) {
          params.current = { ...params.current!, atMs: null };
          feed.seek(at);
        }
      }),
    [feed],
  );

  const openPeriod = (range: TimeRange) => {
    window.history.replaceState(null, '', replayHref(range));
    feed?.open({ range });
  };

  if (session.isError) {
    return (
      <main className="center-screen">
        <p className="error-text">{t('login.error.network')}</p>
        <button type="button" className="button" onClick={() => void session.refetch()}>
          ↻
        </button>
      </main>
    );
  }
  if (session.data === undefined || session.data === null) {
    return <main className="center-screen muted">{t('map.loading')}</main>;
  }
  return (
    <div className="replay-screen">
      <AppHeader user={session.data} live={false} />
      <ReplayBanner />
      <main className="replay-screen__body">
        <div className="replay-screen__map">
          <ReplayMapElement />
        </div>
        <ReplayPanel onOpen={openPeriod} />
      </main>
      <footer className="replay-screen__footer">
        <ReplayControls feed={feed} />
        <ReplayTimeline onSeek={(atMs) => feed?.seek(atMs)} />
      </footer>
    </div>
  );
}
