'use client';
// /field: the phone page of field staff. My assignments, the incident and me on a map, status buttons and a
// report with my position, text and a photo. Every action goes through the outbox first, so it survives a
// dropped network and is sent (once, by its command id) when the network returns.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ZSessionUser } from '@vigie/contracts/auth-api';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { TFieldAssignment } from '@vigie/contracts/field-api';
import { PendingIndicator } from '@vigie/ui/pending-indicator';
import { SeverityBadge } from '@vigie/ui/severity-badge';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { SESSION_QUERY_KEY, fetchMe, logout } from '../api/auth';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { timeAgo } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { dictionaries } from '../i18n/translate';
import { LanguagePicker } from '../components/language-picker';
import { dispatchEta } from '../incidents/dispatch-progress';
import { newCommandId } from './command-id';
import { assignmentsByIncident } from './field-assignments';
import { homePathFor } from './home-path';
import {
  FIELD_STATUSES,
  emptyOfflineQueue,
  latestQueuedStatus,
  pendingCount,
  rejectionsCleared,
} from './offline-queue';
import type { FieldAction, FieldStatus, SendOutcome } from './offline-queue';
import { openOutbox } from './outbox';
import type { Outbox } from './outbox';
import { downscalePhoto } from './photo';
import { classifySendError } from './send-failure';
import { sendReport, uploadFieldPhoto } from './send-report';
import { useGeolocation, useOnline } from './use-device';
import './field.css';

const FieldMap = dynamic(() => import('./field-map'), { ssr: false });

const ASSIGNMENTS_KEY = 'vigie.field.assignments';
const USER_KEY = 'vigie.field.user';

function readStoredUser(): TSessionUser | null {
  try {
    const parsed = ZSessionUser.safeParse(JSON.parse(window.localStorage.getItem(USER_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
const REFRESH_MS = 5_000;

/** The status the buttons show: the latest one I chose (sent or not), else what the dispatch says. */
function shownStatus(assignment: TFieldAssignment, queued: FieldStatus | null): FieldStatus | null {
  if (queued !== null) return queued;
  const status = assignment.dispatch?.status;
  if (status === 'en_route' || status === 'on_scene') return status;
  if (status === 'completed') return 'available';
  return null;
}

function readStoredAssignments(): TFieldAssignment[] | undefined {
  try {
    const text = window.localStorage.getItem(ASSIGNMENTS_KEY);
    return text === null ? undefined : (JSON.parse(text) as TFieldAssignment[]);
  } catch {
    return undefined;
  }
}

export function FieldApp() {
  const { t, locale } = useI18n();
  const router = useRouter();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const online = useOnline();
  const position = useGeolocation();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  // Opened without a network: the user last signed in on this device, until the gateway says otherwise.
  const [offlineUser, setOfflineUser] = useState<TSessionUser | null>(null);
  useEffect(() => {
    if (session.data) {
      try {
        window.localStorage.setItem(USER_KEY, JSON.stringify(session.data));
      } catch {
        // storage disabled: no offline start
      }
    } else if (session.isError) setOfflineUser(readStoredUser());
  }, [session.data, session.isError]);
  const user = session.data ?? offlineUser;
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [reportQueued, setReportQueued] = useState(false);
  const [stored, setStored] = useState<TFieldAssignment[] | undefined>(undefined);

  useEffect(() => {
    if (session.data === null) router.replace('/login');
    else if (session.data !== undefined && homePathFor(session.data.role) !== '/field') router.replace('/');
  }, [session.data, router]);

  useEffect(() => setStored(readStoredAssignments()), []);

  // The service worker keeps the app shell, so this page opens without a network.
  useEffect(() => {
    if (!('serviceWorker' in window.navigator)) return;
    const container = window.navigator.serviceWorker;
    container
      .register('/field-sw.js', { scope: '/' })
      .then(() => container.ready)
      .then((registration) => {
        // What this page loaded before the worker was there: the worker keeps it for offline starts.
        const urls = performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((url) => url.startsWith(`${window.location.origin}/`));
        registration.active?.postMessage({ type: 'cache-urls', urls });
      })
      .catch((error: unknown) => console.warn('vigie: offline app shell unavailable', error));
  }, []);

  const signedIn = user !== undefined && user !== null;
  useEffect(() => {
    if (!signedIn) return;
    const send = async (
      action: FieldAction,
      progressed: (action: FieldAction) => void,
    ): Promise<SendOutcome> => {
      try {
        if (action.type === 'status') {
          await client.assets.updateStatus.mutate({
            commandId: action.commandId,
            status: action.status,
            ...(action.incidentId !== undefined ? { incidentId: action.incidentId } : {}),
            ...(action.position !== undefined ? { position: action.position } : {}),
          });
        } else {
          const outcome = await sendReport(action, {
            upload: (input) => uploadFieldPhoto(input),
            createReport: async (input) => void (await client.reports.create.mutate(input)),
            progressed,
          });
          if (!outcome.ok) return outcome;
        }
        void queryClient.invalidateQueries({ queryKey: trpc.field.assignments.queryKey() });
        return { ok: true };
      } catch (error) {
        return { ok: false, ...classifySendError(error) };
      }
    };
    const opened = openOutbox(window, send);
    setOutbox(opened);
    return () => opened.close();
  }, [signedIn, client, queryClient, trpc]);

  const queue = useStore(outbox?.store ?? emptyStore, (s) => s);
  const assignments = useQuery({
    ...trpc.field.assignments.queryOptions(undefined, { refetchInterval: REFRESH_MS, retry: false }),
    enabled: signedIn,
  });
  useEffect(() => {
    if (assignments.data === undefined) return;
    try {
      window.localStorage.setItem(ASSIGNMENTS_KEY, JSON.stringify(assignments.data.items));
    } catch {
      // storage disabled: the last known list lasts as long as the page
    }
  }, [assignments.data]);

  if (user === undefined || user === null) {
    return <main className="center-screen muted">{t('field.loading')}</main>;
  }

  const items = assignmentsByIncident(assignments.data?.items ?? stored ?? []);
  const selected = items.find((a) => a.incident.incidentId === selectedId) ?? items[0] ?? null;
  const incidentId = selected?.incident.incidentId;
  const pending = pendingCount(queue);
  const status =
    selected === null ? null : shownStatus(selected, latestQueuedStatus(queue, selected.incident.incidentId));
  const here = position === null ? undefined : { lon: position.lon, lat: position.lat };
  // My dispatch's ETA (refreshed with the assignments) and the distance left from where I am now.
  const eta =
    selected?.dispatch === undefined
      ? null
      : dispatchEta(selected.dispatch, undefined, Date.now(), {
          incident: selected.incident.position,
          from: here,
        });

  const setStatus = (next: FieldStatus) => {
    if (outbox === null || selected === null) return;
    outbox.queue({
      type: 'status',
      commandId: newCommandId(),
      queuedAt: new Date().toISOString(),
      status: next,
      incidentId: selected.incident.incidentId,
      ...(here !== undefined ? { position: here } : {}),
    });
  };

  const onReport = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (outbox === null || text.trim() === '') return;
    outbox.queue({
      type: 'report',
      commandId: newCommandId(),
      queuedAt: new Date().toISOString(),
      text: text.trim(),
      ...(incidentId !== undefined ? { incidentId } : {}),
      ...(here !== undefined ? { position: here, positionAccuracy: position!.accuracy } : {}),
      ...(photo !== null ? { photo } : {}),
    });
    setText('');
    setPhoto(null);
    setReportQueued(true);
  };

  const onLogout = async () => {
    try {
      await logout();
    } finally {
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      try {
        window.localStorage.removeItem(USER_KEY);
        window.localStorage.removeItem(ASSIGNMENTS_KEY);
      } catch {
        // storage disabled: nothing was kept
      }
      router.replace('/login');
    }
  };

  return (
    <div className="field-page">
      <header className="field-page__header">
        <h1 className="field-page__title">{t('field.title')}</h1>
        <PendingIndicator
          count={pending}
          online={online}
          title={t('field.pendingTitle')}
          label={
            pending > 0
              ? t('field.pending', { count: pending })
              : online
                ? t('field.allSent')
                : t('field.offline')
          }
        />
        <LanguagePicker />
        <button type="button" className="button button--ghost" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </header>
      <main className="field-page__body">
        {queue.rejected.length > 0 && (
          <div className="field-page__rejected" role="alert">
            {queue.rejected.map((r) => (
              <p key={r.action.commandId}>{t('field.rejected', { reason: r.reason })}</p>
            ))}
            <button
              type="button"
              className="button button--ghost"
              onClick={() => outbox?.store.setState((s) => rejectionsCleared(s), true)}
            >
              {t('toast.dismiss')}
            </button>
          </div>
        )}
        {assignments.isError && <p className="muted">{t('field.error')}</p>}
        {assignments.isPending && stored === undefined ? (
          <p className="muted">{t('field.loading')}</p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="field-no-assignment">
            {t('field.none')}
          </p>
        ) : (
          <ul className="field-page__assignments" aria-label={t('field.title')}>
            {items.map((a) => (
              <li key={a.incident.incidentId}>
                <button
                  type="button"
                  className="field-assignment"
                  data-incident-id={a.incident.incidentId}
                  aria-current={a === selected ? 'true' : undefined}
                  onClick={() => setSelectedId(a.incident.incidentId)}
                >
                  <SeverityBadge
                    severity={a.incident.severity}
                    label={t(`severity.${a.incident.severity}`)}
                  />
                  <span className="field-assignment__title">{a.incident.title}</span>
                  <span className="field-assignment__meta">
                    {t(`incidentStatus.${a.incident.status}`)} ·{' '}
                    {timeAgo(dictionaries[locale], a.assignedAt, Date.now())}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}

        {selected !== null && (
          <section
            className="field-page__incident"
            aria-label={t('field.incident')}
            data-testid="field-incident"
          >
            <h2 className="field-page__incident-title">{selected.incident.title}</h2>
            <FieldMap
              label={t('field.map')}
              incident={selected.incident.position ?? null}
              me={position === null ? null : { lon: position.lon, lat: position.lat }}
            />
            <p className="muted">
              {t('field.myPosition')}:{' '}
              {position === null
                ? t('field.positionUnknown')
                : `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)} (±${Math.round(position.accuracy)} m)`}
            </p>
            {eta !== null && (eta.minutes !== undefined || eta.km !== undefined) && (
              <p data-testid="field-eta">
                {[
                  ...(eta.minutes === undefined ? [] : [t('dispatch.eta', { eta: `${eta.minutes} min` })]),
                  ...(eta.km === undefined ? [] : [t('dispatch.distance', { km: eta.km.toFixed(1) })]),
                ].join(' · ')}
              </p>
            )}
            <p data-testid="field-status">
              {t('field.currentStatus', { status: status === null ? '—' : t(`field.status.${status}`) })}
            </p>
            <div className="field-page__statuses">
              {FIELD_STATUSES.map((s) => (
                <button
                  key={s}
                  type="button"
                  className="button field-page__status"
                  data-status={s}
                  aria-pressed={status === s}
                  onClick={() => setStatus(s)}
                >
                  {t(`field.status.${s}`)}
                </button>
              ))}
            </div>
          </section>
        )}

        <form className="field-page__report" onSubmit={onReport} aria-label={t('field.report')}>
          <h2 className="field-page__incident-title">{t('field.report')}</h2>
          <label className="field-page__label" htmlFor="field-report-text">
            {t('field.reportText')}
          </label>
          <textarea
            id="field-report-text"
            className="field-page__input"
            rows={3}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setReportQueued(false);
            }}
          />
          <label className="field-page__label" htmlFor="field-report-photo">
            {t('field.photo')}
          </label>
          <input
            id="field-report-photo"
            className="field-page__input"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file !== undefined)
                downscalePhoto(file, document)
                  .then(setPhoto)
                  .catch((error: unknown) => console.warn('vigie: the photo could not be read', error));
            }}
          />
          {photo !== null && <img className="field-page__photo" src={photo} alt={t('field.photo')} />}
          <button type="submit" className="button button--primary" disabled={text.trim() === ''}>
            {t('field.sendReport')}
          </button>
          {reportQueued && (
            <p className="muted" role="status">
              {t('field.reportQueued')}
            </p>
          )}
        </form>
      </main>
    </div>
  );
}

const emptyStore = {
  getState: () => emptyOfflineQueue,
  getInitialState: () => emptyOfflineQueue,
  subscribe: () => () => undefined,
  setState: () => undefined,
};
