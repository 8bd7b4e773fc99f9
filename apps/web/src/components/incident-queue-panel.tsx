'use client';
// The incident queue beside the map: loads open incidents and the alerts in force, then follows the live
// events (through the situation store); filters by status, severity and category.
import { useQuery } from '@tanstack/react-query';
import { ZCategory } from '@vigie/contracts/categories';
import type { TCategory } from '@vigie/contracts/categories';
import { ZSeverity } from '@vigie/contracts/severity';
import type { TSeverity } from '@vigie/contracts/severity';
import { ZIncidentStatus } from '@vigie/contracts/live-incidents';
import { IncidentList } from '@vigie/ui/incident-list';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useTRPC } from '../api/trpc';
import { timeAgo } from '../i18n/format';
import { useI18n } from '../i18n/i18n-context';
import { dictionaries } from '../i18n/translate';
import { incidentOpened } from '../incidents/dispatch-flow';
import { filtersChanged, queueCategories, visibleIncidents } from '../incidents/incident-queue';
import type { StatusFilter } from '../incidents/incident-queue';
import { dispatchFlowStore, updateDispatchFlow } from '../incidents/incident-ui';
import {
  alertListLoaded,
  incidentListLoaded,
  queueChanged,
  situationStore,
  updateSituation,
} from '../incidents/situation';

const REFRESH_MS = 30_000;
const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'all', ...ZIncidentStatus.options];

export function IncidentQueuePanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queue = useStore(situationStore, (s) => s.queue);
  const openId = useStore(dispatchFlowStore, (s) => s.incidentId);
  const [now, setNow] = useState(() => Date.now());

  const incidents = useQuery(
    trpc.incidents.list.queryOptions(
      { status: ['detected', 'acknowledged', 'dispatched', 'on_scene'], limit: 500 },
      { refetchInterval: REFRESH_MS },
    ),
  );
  const alerts = useQuery(
    trpc.alerts.list.queryOptions({ status: ['active'], limit: 200 }, { refetchInterval: REFRESH_MS }),
  );
  useEffect(() => {
    if (incidents.data !== undefined) updateSituation(incidentListLoaded, incidents.data.items);
  }, [incidents.data]);
  useEffect(() => {
    if (alerts.data !== undefined) updateSituation(alertListLoaded, alerts.data.items);
  }, [alerts.data]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const items = useMemo(() => visibleIncidents(queue), [queue]);
  const categories = useMemo(() => queueCategories(queue), [queue]);
  const dictionary = dictionaries[locale];
  const setFilter = (filters: Parameters<typeof filtersChanged>[1]) =>
    updateSituation(queueChanged, (q) => filtersChanged(q, filters));

  return (
    <section className="incident-queue" aria-labelledby="incident-queue-title" data-testid="incident-queue">
      <header className="incident-queue__header">
        <h2 id="incident-queue-title" className="incident-queue__title">
          {t('queue.title')}
        </h2>
        <span className="incident-queue__count">{t('queue.count', { count: items.length })}</span>
      </header>
      <div className="incident-queue__filters">
        <label className="incident-queue__filter">
          <span>{t('queue.filter.status')}</span>
          <select
            value={queue.filters.status}
            onChange={(e) => setFilter({ status: e.target.value as StatusFilter })}
          >
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'open'
                  ? t('queue.filter.open')
                  : s === 'all'
                    ? t('queue.filter.all')
                    : t(`incidentStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="incident-queue__filter">
          <span>{t('queue.filter.severity')}</span>
          <select
            value={queue.filters.minSeverity}
            onChange={(e) => setFilter({ minSeverity: e.target.value as TSeverity })}
          >
            {ZSeverity.options.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="incident-queue__filter">
          <span>{t('queue.filter.category')}</span>
          <select
            value={queue.filters.category ?? ''}
            onChange={(e) => {
              const parsed = ZCategory.safeParse(e.target.value);
              setFilter({ category: parsed.success ? (parsed.data as TCategory) : null });
            }}
          >
            <option value="">{t('queue.filter.anyCategory')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <IncidentList
        label={t('queue.title')}
        selectedId={openId}
        emptyText={t('queue.empty')}
        onOpen={(id) => updateDispatchFlow(incidentOpened, id, 'queue')}
        items={items.map((i) => ({
          id: i.incidentId,
          title: i.title,
          severity: i.severity,
          severityLabel: t(`severity.${i.severity}`),
          status: i.status,
          statusLabel: t(`incidentStatus.${i.status}`),
          ageLabel: t('queue.age', { age: timeAgo(dictionary, i.openedAt, now) ?? '' }),
          ...(i.category !== undefined ? { categoryLabel: t(`category.${i.category}`) } : {}),
        }))}
      />
    </section>
  );
}
