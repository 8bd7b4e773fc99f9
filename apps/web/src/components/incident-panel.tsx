'use client';
// The open incident: status (live), severity, evidence on the map, needs against the stock that can
// supply them, the dispatch flow (suggested vehicles by ETA, the best one pre-selected: one click to
// dispatch), dispatched vehicles and the timeline. Live incident events refresh the queries.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TIncidentDetail } from '@vigie/contracts/incident-api';
import { DetailList } from '@vigie/ui/detail-list';
import { SeverityBadge } from '@vigie/ui/severity-badge';
import { SidePanel } from '@vigie/ui/side-panel';
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { useTRPC } from '../api/trpc';
import { newCommandId } from '../field/command-id';
import { timeAgo } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { dictionaries } from '../i18n/translate';
import type { MessageKey } from '../i18n/translate';
import {
  canDispatch,
  dispatchAccepted,
  dispatchFailed,
  dispatchRequested,
  etaMinutes,
  incidentClosed,
  rankSuggestions,
  suggestionFromVehicle,
  suggestionsLoaded,
  vehicleChosen,
} from '../incidents/dispatch-flow';
import { dispatchEta } from '../incidents/dispatch-progress';
import { dispatchFlowStore, incidentEvidenceStore, updateDispatchFlow } from '../incidents/incident-ui';
import { situationStore } from '../incidents/situation';

const POLL_MS = 10_000;

const TIMELINE_KEYS: ReadonlySet<string> = new Set([
  'opened',
  'status_changed',
  'severity_changed',
  'evidence_added',
  'assigned',
  'dispatched',
  'note_added',
  'merged',
  'updated',
]);

function evidencePoints(detail: TIncidentDetail | undefined) {
  if (detail === undefined) return [];
  return detail.evidence.flatMap((e) =>
    e.position === undefined ? [] : [{ position: [e.position.lon, e.position.lat] as const }],
  );
}

export function IncidentPanel({ incidentId }: { incidentId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flow = useStore(dispatchFlowStore);
  const live = useStore(situationStore, (s) => s.queue.byId.get(incidentId));
  const progress = useStore(situationStore, (s) => s.dispatchProgress.get(incidentId));

  // Live incident events refresh these at once (below); the slow poll only covers a socket that is away.
  const detail = useQuery(trpc.incidents.detail.queryOptions({ incidentId }, { refetchInterval: POLL_MS }));
  const timeline = useQuery(
    trpc.incidents.timeline.queryOptions({ incidentId }, { refetchInterval: POLL_MS }),
  );
  const plan = useQuery(trpc.dispatch.plan.queryOptions({ incidentId, limit: 5 }));
  const dispatch = useMutation(trpc.incidents.dispatch.mutationOptions());
  const acknowledge = useMutation(trpc.incidents.acknowledge.mutationOptions());

  // A live change of this incident: its detail, timeline and plan are out of date.
  const liveVersion = live === undefined ? null : `${live.seq ?? ''}|${live.updatedAt}|${live.status}`;
  useEffect(() => {
    if (liveVersion === null) return;
    void queryClient.invalidateQueries({ queryKey: trpc.incidents.detail.queryKey({ incidentId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.incidents.timeline.queryKey({ incidentId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.dispatch.plan.queryKey({ incidentId, limit: 5 }) });
  }, [liveVersion, incidentId, queryClient, trpc]);

  useEffect(() => {
    if (plan.data !== undefined)
      updateDispatchFlow(suggestionsLoaded, incidentId, plan.data.vehicles.map(suggestionFromVehicle));
  }, [plan.data, incidentId]);

  useEffect(() => {
    incidentEvidenceStore.setState({ incidentId, points: evidencePoints(detail.data) }, true);
  }, [detail.data, incidentId]);
  useEffect(() => () => incidentEvidenceStore.setState({ incidentId: null, points: [] }, true), []);

  const suggestions = useMemo(() => rankSuggestions(flow.suggestions), [flow.suggestions]);
  const chosen = suggestions.find((s) => s.assetId === flow.chosenAssetId) ?? null;
  const dictionary = dictionaries[locale];
  const now = Date.now();

  const onDispatch = () => {
    if (chosen === null || !canDispatch(flow)) return;
    updateDispatchFlow(dispatchRequested, newCommandId());
    const commandId = dispatchFlowStore.getState().commandId!;
    dispatch.mutate(
      { commandId, incidentId, assetIds: [chosen.assetId] },
      {
        onSuccess: () => updateDispatchFlow(dispatchAccepted, commandId),
        onError: (error) => updateDispatchFlow(dispatchFailed, commandId, error.message),
      },
    );
  };

  const incident = detail.data?.incident;
  const title = live?.title ?? incident?.title ?? incidentId;
  const status = live?.status ?? incident?.status;
  const severity = live?.severity ?? incident?.severity;

  return (
    <SidePanel
      title={title}
      subtitle={severity === undefined ? undefined : t(`severity.${severity}`)}
      closeLabel={t('incident.close')}
      onClose={() => updateDispatchFlow(incidentClosed)}
    >
      <div
        className="incident-panel"
        data-testid="incident-panel"
        data-incident-id={incidentId}
        data-status={status}
      >
        {detail.isError && <p className="error-text">{t('incident.error')}</p>}
        {detail.isPending && <p className="muted">{t('incident.loading')}</p>}
        <DetailList
          items={[
            {
              term: t('incident.status'),
              value: (
                <span className="incident-panel__status" data-testid="incident-status" data-status={status}>
                  {status === undefined ? '—' : t(`incidentStatus.${status}`)}
                </span>
              ),
            },
            {
              term: t('incident.severity'),
              value:
                severity === undefined ? (
                  '—'
                ) : (
                  <SeverityBadge severity={severity} label={t(`severity.${severity}`)} />
                ),
            },
            ...(incident?.category !== undefined
              ? [{ term: t('incident.category'), value: t(`category.${incident.category}`) }]
              : []),
            ...(incident !== undefined
              ? [{ term: t('incident.opened'), value: timeAgo(dictionary, incident.openedAt, now) ?? '—' }]
              : []),
          ]}
        />
        {status === 'detected' && (
          <button
            type="button"
            className="button"
            disabled={acknowledge.isPending}
            onClick={() => acknowledge.mutate({ incidentId, commandId: newCommandId() })}
          >
            {acknowledge.isPending ? t('incident.acknowledging') : t('incident.acknowledge')}
          </button>
        )}

        <section className="incident-panel__section" aria-labelledby="dispatch-title">
          <h3 id="dispatch-title" className="incident-panel__heading">
            {t('dispatch.suggested')}
          </h3>
          {plan.isPending && <p className="muted">{t('dispatch.loading')}</p>}
          {plan.data !== undefined && suggestions.length === 0 && (
            <p className="muted">{t('dispatch.none')}</p>
          )}
          {suggestions.length > 0 && (
            <ul className="incident-panel__vehicles">
              {suggestions.map((s) => (
                <li key={s.assetId}>
                  <button
                    type="button"
                    className="incident-panel__vehicle"
                    data-asset-id={s.assetId}
                    aria-pressed={s.assetId === flow.chosenAssetId}
                    onClick={() => updateDispatchFlow(vehicleChosen, s.assetId)}
                  >
                    <span className="incident-panel__vehicle-name">{s.name}</span>
                    <span className="muted">
                      {t('dispatch.eta', { eta: `${etaMinutes(s.etaSeconds)} min` })} ·{' '}
                      {t('dispatch.distance', { km: s.distanceKm.toFixed(1) })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {chosen !== null && (
            <button
              type="button"
              className="button button--primary incident-panel__dispatch"
              data-testid="dispatch-button"
              disabled={!canDispatch(flow)}
              onClick={onDispatch}
            >
              {flow.phase === 'sending' ? t('dispatch.sending') : t('dispatch.send', { name: chosen.name })}
            </button>
          )}
          {flow.lastDispatched !== null && (
            <p
              className="incident-panel__sent"
              role="status"
              data-testid="dispatch-sent"
              data-asset-id={flow.lastDispatched.assetId}
            >
              {t('dispatch.sent', { name: flow.lastDispatched.name })}
            </p>
          )}
          {flow.phase === 'failed' && (
            <p className="error-text" role="alert">
              {t('dispatch.failed', { error: flow.error ?? '' })}
            </p>
          )}
        </section>

        {detail.data !== undefined && detail.data.dispatches.length > 0 && (
          <section className="incident-panel__section" aria-labelledby="dispatches-title">
            <h3 id="dispatches-title" className="incident-panel__heading">
              {t('incident.dispatches')}
            </h3>
            <ul className="incident-panel__list" data-testid="incident-dispatches">
              {detail.data.dispatches.map((d) => {
                const eta = dispatchEta(
                  d,
                  d.asset === undefined ? undefined : progress?.get(d.asset.assetId),
                  now,
                  { incident: incident?.position },
                );
                return (
                  <li key={d.dispatchId} data-dispatch-status={d.status} data-asset-id={d.asset?.assetId}>
                    {d.asset?.name ?? d.asset?.assetId ?? d.itemCode ?? d.dispatchId} —{' '}
                    {t(`dispatchStatus.${d.status}`)}
                    {eta.minutes !== undefined && (
                      <span data-testid="dispatch-eta">
                        {' '}
                        · {t('dispatch.eta', { eta: `${eta.minutes} min` })}
                      </span>
                    )}
                    {eta.km !== undefined && (
                      <span data-testid="dispatch-distance">
                        {' '}
                        · {t('dispatch.distance', { km: eta.km.toFixed(1) })}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        )}

        <section className="incident-panel__section" aria-labelledby="needs-title">
          <h3 id="needs-title" className="incident-panel__heading">
            {t('incident.needs')}
          </h3>
          {detail.data !== undefined && detail.data.needs.length === 0 ? (
            <p className="muted">{t('incident.needsEmpty')}</p>
          ) : (
            <table className="incident-panel__needs">
              <thead>
                <tr>
                  <th scope="col">{t('incident.need.item')}</th>
                  <th scope="col">{t('incident.need.needed')}</th>
                  <th scope="col">{t('incident.need.available')}</th>
                </tr>
              </thead>
              <tbody>
                {(detail.data?.needs ?? []).map((need) => {
                  const available = (plan.data?.warehouses ?? []).reduce(
                    (sum, w) => sum + (w.lines.find((l) => l.itemCode === need.itemCode)?.available ?? 0),
                    0,
                  );
                  return (
                    <tr key={need.itemCode} data-short={available < need.quantity}>
                      <td>{need.itemName ?? need.itemCode}</td>
                      <td>
                        {need.quantity} {need.unit ?? ''}
                      </td>
                      <td>{available}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        <section className="incident-panel__section" aria-labelledby="evidence-title">
          <h3 id="evidence-title" className="incident-panel__heading">
            {t('incident.evidence', { count: detail.data?.evidence.length ?? 0 })}
          </h3>
          <ul className="incident-panel__list">
            {(detail.data?.alerts ?? []).map((a) => (
              <li key={a.alertId}>
                <SeverityBadge severity={a.severity} label={t(`severity.${a.severity}`)} /> {a.title}
              </li>
            ))}
          </ul>
        </section>

        <section className="incident-panel__section" aria-labelledby="timeline-title">
          <h3 id="timeline-title" className="incident-panel__heading">
            {t('incident.timeline')}
          </h3>
          {(timeline.data?.events.length ?? 0) === 0 ? (
            <p className="muted">{t('incident.timelineEmpty')}</p>
          ) : (
            <ol className="incident-panel__timeline">
              {[...(timeline.data?.events ?? [])].reverse().map((e) => (
                <li key={e.seq}>
                  <time dateTime={e.at}>{timeAgo(dictionary, e.at, now)}</time>{' '}
                  {TIMELINE_KEYS.has(e.type) ? t(`timeline.${e.type}` as MessageKey) : e.type}
                  {e.actorName !== undefined && <span className="muted"> · {e.actorName}</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </SidePanel>
  );
}
