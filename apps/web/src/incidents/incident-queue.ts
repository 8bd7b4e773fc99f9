// The coordinator's incident queue as named pure operations: incidents arrive from the list query and from
// live incident events (the newer `seq` wins), filters narrow the list, and the order puts what needs a
// decision first (most severe, then not yet handled, then waiting longest).
import type { TCategory } from '@vigie/contracts/categories';
import type { TIncidentSummary } from '@vigie/contracts/incident-api';
import type { TIncidentStatus, TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TLonLat } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import { severityRank } from '@vigie/contracts/severity';

/** What the queue and the map need of an incident, from the list query or a live incident event. */
export interface IncidentItem {
  readonly incidentId: string;
  readonly title: string;
  readonly status: TIncidentStatus;
  readonly severity: TSeverity;
  readonly category?: TCategory | undefined;
  readonly position?: TLonLat | undefined;
  readonly openedAt: string;
  /** When it last changed: orders versions when `seq` is not known (list answers). */
  readonly updatedAt: string;
  /** Per-incident change number of live events. */
  readonly seq?: number | undefined;
  readonly mergedInto?: string | undefined;
  readonly dispatchedAssetIds?: readonly string[] | undefined;
}

export function itemFromLiveIncident(incident: TLiveIncidentV1): IncidentItem {
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    category: incident.category,
    position: incident.position,
    openedAt: incident.openedAt,
    updatedAt: incident.at,
    seq: incident.seq,
    mergedInto: incident.mergedInto,
    dispatchedAssetIds: incident.dispatchedAssetIds,
  };
}

export function itemFromSummary(summary: TIncidentSummary): IncidentItem {
  return {
    incidentId: summary.incidentId,
    title: summary.title,
    status: summary.status,
    severity: summary.severity,
    category: summary.category,
    position: summary.position,
    openedAt: summary.openedAt,
    updatedAt: summary.updatedAt,
    mergedInto: summary.mergedInto,
  };
}

/** Whether `next` is a newer version of the incident than `known`: by seq when both have one, else by time. */
export function isNewer(next: IncidentItem, known: IncidentItem): boolean {
  if (next.seq !== undefined && known.seq !== undefined) return next.seq > known.seq;
  return Date.parse(next.updatedAt) > Date.parse(known.updatedAt);
}

export type StatusFilter = 'open' | 'all' | TIncidentStatus;

export interface QueueFilters {
  /** `open`: everything not resolved or closed. */
  readonly status: StatusFilter;
  readonly minSeverity: TSeverity;
  readonly category: TCategory | null;
}

export interface IncidentQueueState {
  readonly byId: ReadonlyMap<string, IncidentItem>;
  readonly filters: QueueFilters;
}

export const defaultQueueFilters: QueueFilters = { status: 'open', minSeverity: 'info', category: null };

export const initialIncidentQueueState: IncidentQueueState = {
  byId: new Map(),
  filters: defaultQueueFilters,
};

const CLOSED_STATUSES: ReadonlySet<TIncidentStatus> = new Set(['resolved', 'closed']);

/** Order of handling: an incident nobody acknowledged comes before one already being worked on. */
const STATUS_URGENCY: Readonly<Record<TIncidentStatus, number>> = {
  detected: 0,
  acknowledged: 1,
  dispatched: 2,
  on_scene: 3,
  resolved: 4,
  closed: 5,
};

export function isOpen(status: TIncidentStatus): boolean {
  return !CLOSED_STATUSES.has(status);
}

function upsert(byId: Map<string, IncidentItem>, item: IncidentItem): boolean {
  const known = byId.get(item.incidentId);
  if (known !== undefined && !isNewer(item, known)) return false;
  byId.set(item.incidentId, item);
  return true;
}

/** A change of one incident; ignored when it is not newer than what the queue holds. */
export function incidentChanged(state: IncidentQueueState, item: IncidentItem): IncidentQueueState {
  const known = state.byId.get(item.incidentId);
  if (known !== undefined && !isNewer(item, known)) return state;
  const byId = new Map(state.byId);
  byId.set(item.incidentId, item);
  return { ...state, byId };
}

/** A page of incidents from the list query; live changes newer than the answer are kept. */
export function incidentsLoaded(
  state: IncidentQueueState,
  items: readonly IncidentItem[],
): IncidentQueueState {
  const byId = new Map(state.byId);
  let changed = false;
  for (const item of items) changed = upsert(byId, item) || changed;
  return changed ? { ...state, byId } : state;
}

export function filtersChanged(
  state: IncidentQueueState,
  filters: Partial<QueueFilters>,
): IncidentQueueState {
  return { ...state, filters: { ...state.filters, ...filters } };
}

export function matchesFilters(item: IncidentItem, filters: QueueFilters): boolean {
  if (item.mergedInto !== undefined) return false;
  if (
    filters.status === 'open'
      ? !isOpen(item.status)
      : filters.status !== 'all' && item.status !== filters.status
  )
    return false;
  if (severityRank[item.severity] < severityRank[filters.minSeverity]) return false;
  if (filters.category !== null && item.category !== filters.category) return false;
  return true;
}

/** Most severe first; then the least handled; then the one waiting longest; then by id (stable). */
export function compareIncidents(a: IncidentItem, b: IncidentItem): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    STATUS_URGENCY[a.status] - STATUS_URGENCY[b.status] ||
    Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
    (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0)
  );
}

/** The queue as shown: filtered and sorted. */
export function visibleIncidents(state: IncidentQueueState): IncidentItem[] {
  return [...state.byId.values()].filter((i) => matchesFilters(i, state.filters)).sort(compareIncidents);
}

/** Categories present among the incidents, for the category filter. */
export function queueCategories(state: IncidentQueueState): TCategory[] {
  const categories = new Set<TCategory>();
  for (const item of state.byId.values()) if (item.category !== undefined) categories.add(item.category);
  return [...categories].sort();
}

/** Milliseconds since the incident opened (never negative, whatever the clocks say). */
export function incidentAgeMs(item: Pick<IncidentItem, 'openedAt'>, nowMs: number): number {
  return Math.max(0, nowMs - Date.parse(item.openedAt));
}
