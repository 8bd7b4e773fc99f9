'use client';
// The selected entity: details and last readings from the gateway (tRPC), its live state from the store
// (refreshed each second, not per message), and its last hour of track handed to the map.
import { useQuery } from '@tanstack/react-query';
import type { TEntityHistory } from '@vigie/contracts/entity-api';
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { TMetric } from '@vigie/contracts/readings';
import { DetailList } from '@vigie/ui/detail-list';
import type { DetailItem } from '@vigie/ui/detail-list';
import { LineChart } from '@vigie/ui/line-chart';
import { SidePanel } from '@vigie/ui/side-panel';
import { StatusBadge } from '@vigie/ui/status-badge';
import { useEffect, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { useI18n } from '../i18n/i18n-context';
import { dictionaries } from '../i18n/translate';
import {
  formatHeading,
  formatNumber,
  formatPosition,
  formatSpeed,
  timeAgo,
  unitSymbol,
} from '../i18n/format';
import { liveView } from '../live/live-view';
import { STATUS_COLORS, assetColor, cssColor, sensorColor } from '../map/entity-style';
import { selectEntity, trackLoaded, updateMapUi } from '../map/map-ui';

const HISTORY_MINUTES = 60;
const MAX_CHARTS = 4;

/** The live state of the selected entity (watched by the live core), re-read once a second. */
function useLiveEntity(id: string): { entity: TLiveEntityV1 | undefined; now: number } {
  const [state, setState] = useState<{ entity: TLiveEntityV1 | undefined; now: number }>(() => ({
    entity: undefined,
    now: Date.now(),
  }));
  useEffect(() => {
    const read = () => {
      const watched = liveView.getState().watched;
      setState({ entity: watched?.entityId === id ? watched : undefined, now: Date.now() });
    };
    read();
    const timer = setInterval(read, 1_000);
    // The first frame with the watched entity comes a moment after the selection: show it at once.
    const unsubscribe = liveView.subscribe((s, previous) => {
      if (s.watched?.entityId === id && previous.watched?.entityId !== id) read();
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [id]);
  return state;
}

function seriesByMetric(history: TEntityHistory | undefined) {
  const series = new Map<TMetric, { unit: string; points: { t: number; v: number }[] }>();
  for (const r of history?.readings ?? []) {
    let s = series.get(r.metric);
    if (s === undefined) {
      s = { unit: r.unit, points: [] };
      series.set(r.metric, s);
    }
    s.points.push({ t: Date.parse(r.at), v: r.value });
  }
  return [...series.entries()].slice(0, MAX_CHARTS);
}

export function EntityPanel({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { entity: live, now } = useLiveEntity(id);
  const details = useQuery(trpc.entity.details.queryOptions({ id }, { refetchInterval: 30_000 }));
  const history = useQuery(
    trpc.entity.history.queryOptions({ id, minutes: HISTORY_MINUTES }, { refetchInterval: 30_000 }),
  );

  useEffect(() => {
    if (history.data === undefined) return;
    updateMapUi(trackLoaded, {
      entityId: id,
      path: history.data.track.map((p) => [p.lon, p.lat] as const),
    });
  }, [history.data, id]);

  const entity = live ?? details.data?.entity;
  const name = entity?.name ?? id;
  const kind = entity?.entityKind;
  const color =
    entity === undefined
      ? cssColor(STATUS_COLORS.unknown)
      : cssColor(kind === 'sensor' ? sensorColor(entity) : assetColor(entity));
  const dictionary = dictionaries[locale];

  const items: DetailItem[] = [];
  if (entity !== undefined) {
    items.push({ term: t('panel.kind'), value: t(`kind.${entity.entityKind}`) });
    if (entity.entityKind !== 'sensor') {
      items.push({
        term: t('panel.status'),
        value: <StatusBadge label={t(`status.${entity.status ?? 'unknown'}`)} color={color} />,
      });
    }
    items.push({ term: t('panel.connectivity'), value: t(`connectivity.${entity.connectivity}`) });
    const speed = formatSpeed(locale, entity.speed, t('unit.kmh'));
    if (speed !== null) items.push({ term: t('panel.speed'), value: speed });
    const heading = formatHeading(locale, entity.heading);
    if (heading !== null) items.push({ term: t('panel.heading'), value: heading });
    const seen = timeAgo(dictionary, entity.lastSeenAt ?? entity.updatedAt, now);
    if (seen !== null)
      items.push({
        term: t('panel.lastSeen'),
        value: <time dateTime={entity.lastSeenAt ?? entity.updatedAt}>{seen}</time>,
      });
    const region = entity.region?.name ?? entity.region?.admin1 ?? entity.region?.country;
    if (region !== undefined)
      items.push({
        term: t('panel.region'),
        value: [region, entity.region?.country].filter((v, i, a) => v && a.indexOf(v) === i).join(', '),
      });
    if (entity.position !== undefined)
      items.push({
        term: t('panel.position'),
        value: formatPosition(entity.position.lon, entity.position.lat),
      });
    if (entity.battery !== undefined)
      items.push({ term: t('panel.battery'), value: `${formatNumber(locale, entity.battery, 0)} %` });
    if (entity.alarm !== undefined) items.push({ term: t('panel.alarm'), value: t(`alarm.${entity.alarm}`) });
  }
  if (details.data?.source !== undefined) items.push({ term: t('panel.source'), value: details.data.source });

  const charts = seriesByMetric(history.data);
  const lastReadings = details.data?.lastReadings ?? entity?.lastReadings ?? [];
  const trackCount = history.data?.track.length ?? 0;

  return (
    <SidePanel
      title={name}
      subtitle={kind === undefined ? undefined : t(`kind.${kind}`)}
      closeLabel={t('panel.close')}
      onClose={() => updateMapUi(selectEntity, null)}
    >
      {entity === undefined && details.isPending && <p className="muted">{t('panel.loading')}</p>}
      {entity === undefined && details.isError && <p className="error-text">{t('panel.error')}</p>}
      {live === undefined && details.data !== undefined && <p className="muted">{t('panel.notInView')}</p>}
      <DetailList items={items} />
      {(charts.length > 0 || lastReadings.length > 0) && (
        <section className="panel-section">
          <h3 className="panel-section__title">{t('panel.readings')}</h3>
          {charts.length > 0
            ? charts.map(([metric, series]) => (
                <LineChart
                  key={metric}
                  label={t(`metric.${metric}`)}
                  unit={unitSymbol(series.unit)}
                  points={series.points}
                  formatValue={(v) => formatNumber(locale, v)}
                />
              ))
            : lastReadings.map((r) => (
                <LineChart
                  key={r.metric}
                  label={t(`metric.${r.metric}`)}
                  unit={unitSymbol(r.unit)}
                  points={[{ t: Date.parse(r.at), v: r.value }]}
                  formatValue={(v) => formatNumber(locale, v)}
                />
              ))}
        </section>
      )}
      {history.isSuccess && charts.length === 0 && kind === 'sensor' && (
        <p className="muted">{t('panel.noReadings')}</p>
      )}
      {trackCount > 0 && (
        <p className="muted" data-testid="track-count">
          {t('panel.trackPoints', { count: trackCount })}
        </p>
      )}
    </SidePanel>
  );
}
