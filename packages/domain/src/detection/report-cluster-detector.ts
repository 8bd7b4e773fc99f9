/**
 * Report clusters: N reports of one category (flood, fire, medical, shelter…) within R km and T
 * minutes. State is keyed by H3 cell — the key of live.observations — so the work scales out with the
 * partitions: a report is stored in its own cell and counted with the reports of that cell and of its
 * neighbours (the cells touching it), which covers a radius up to about one cell edge. Reports come
 * out of time order (sources, partitions and producers interleave), so a report that is older than
 * reports already kept still completes their cluster: the window of T is found on both sides of it.
 * One alert per cluster: while a cluster is alive (a report joined it within T), new reports near it
 * update the same alert (count, evidence, centre, severity) instead of raising another.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TEvidence } from '@vigie/contracts/live-alerts';
import type { TRegion } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import { gridDisk } from 'h3-js';
import { haversineMeters } from '../geo';
import type { AlertDraft } from './alert-draft';
import { iso, raiseSeverity, stableAlertId } from './alert-draft';

export interface ReportSignal {
  reportId: string;
  /** Envelope id of the raw report (evidence). */
  eventId: string;
  category: TCategory;
  at: number;
  lon: number;
  lat: number;
  /** H3 cell of the report (the partition key). */
  cell: string;
  region?: TRegion;
}

export interface ClusterParams {
  ruleId: string;
  category: TCategory;
  /** Reports needed (N). */
  minReports: number;
  /** Reports within this distance of each other's newest (R). */
  radiusKm: number;
  /** Reports within this time (T). */
  windowMs: number;
  /** Severity at N reports; one step more at 2N, two at 4N. Default moderate. */
  severity?: TSeverity;
}

/** A report kept in a cell: [report id, event id, epoch ms, lon, lat, category]. */
export type KeptReport = [string, string, number, number, number, TCategory];

export interface ClusterRecord {
  alertId: string;
  ruleId: string;
  since: number;
  last: number;
  count: number;
  lon: number;
  lat: number;
  /** Newest member reports (evidence), at most 50. */
  members: KeptReport[];
}

export interface ClusterCellState {
  reports: KeptReport[];
  /** Live clusters anchored in this cell, by rule id. */
  clusters: Record<string, ClusterRecord>;
}

export interface ClusterStep {
  /** New state of every cell the report changed. */
  patch: Record<string, ClusterCellState>;
  alerts: AlertDraft[];
}

const MAX_REPORTS_PER_CELL = 500;
const MAX_MEMBERS = 50;

function evidenceOf(r: KeptReport): TEvidence {
  return { kind: 'report', eventId: r[1], entityId: r[0], at: iso(r[2]) };
}

function severityFor(params: ClusterParams, count: number): TSeverity {
  const base = params.severity ?? 'moderate';
  if (count >= 4 * params.minReports) return raiseSeverity(base, 2);
  if (count >= 2 * params.minReports) return raiseSeverity(base, 1);
  return base;
}

/**
 * The most reports, in time order, that fit in a span shorter than `windowMs` containing `at` (the
 * earliest such span on a tie). `reports` are all within `windowMs` of `at`.
 */
function densestWindow(reports: KeptReport[], at: number, windowMs: number): KeptReport[] {
  reports.sort((a, b) => a[2] - b[2]);
  let best: [number, number] = [0, 0];
  let end = 0;
  for (let start = 0; start < reports.length && reports[start]![2] <= at; start++) {
    const from = reports[start]![2];
    if (end < start) end = start;
    while (end < reports.length && reports[end]![2] - from < windowMs) end++;
    if (end - start > best[1] - best[0]) best = [start, end];
  }
  return reports.slice(best[0], best[1]);
}

/**
 * Takes one report: stores it in its cell, and raises or updates the cluster it makes with the
 * reports of the cell and its neighbours. `cells` reads the current state of a cell.
 */
export function detectReportCluster(
  cells: (cell: string) => ClusterCellState | undefined,
  report: ReportSignal,
  rules: readonly ClusterParams[],
): ClusterStep {
  const horizon = Math.max(0, ...rules.map((r) => r.windowMs));
  const patch: Record<string, ClusterCellState> = {};
  const read = (cell: string): ClusterCellState | undefined => patch[cell] ?? cells(cell);

  const own = read(report.cell) ?? { reports: [], clusters: {} };
  if (own.reports.some((r) => r[1] === report.eventId)) return { patch, alerts: [] };
  const kept: KeptReport = [
    report.reportId,
    report.eventId,
    report.at,
    report.lon,
    report.lat,
    report.category,
  ];
  const clusters = Object.fromEntries(
    Object.entries(own.clusters).filter(([, c]) => c.last > report.at - horizon),
  );
  patch[report.cell] = {
    reports: [...own.reports.filter((r) => r[2] > report.at - horizon), kept]
      .sort((a, b) => a[2] - b[2])
      .slice(-MAX_REPORTS_PER_CELL),
    clusters,
  };

  const alerts: AlertDraft[] = [];
  const disk = gridDisk(report.cell, 1);
  for (const rule of rules) {
    if (rule.category !== report.category) continue;
    const radiusM = rule.radiusKm * 1000;
    const since = report.at - rule.windowMs;
    const near = (lon: number, lat: number) => haversineMeters({ lon, lat }, report) <= radiusM;

    // A live cluster of this rule near the report takes it.
    let home: string | undefined;
    let cluster: ClusterRecord | undefined;
    let best = Infinity;
    for (const cell of disk) {
      const c = read(cell)?.clusters[rule.ruleId];
      if (c === undefined || c.last <= since) continue;
      const d = haversineMeters(c, report);
      if (d <= radiusM && d < best) {
        best = d;
        home = cell;
        cluster = c;
      }
    }
    let candidates: KeptReport[] = [];
    if (cluster === undefined) {
      // Reports arrive out of time order (several sources, partitions and producers): the report may be
      // older than reports already kept, so the window of T is looked for on both sides of it.
      const around: KeptReport[] = [];
      for (const cell of disk)
        for (const r of read(cell)?.reports ?? [])
          if (r[5] === rule.category && Math.abs(r[2] - report.at) < rule.windowMs && near(r[3], r[4]))
            around.push(r);
      candidates = densestWindow(around, report.at, rule.windowMs);
      if (candidates.length < rule.minReports) continue;
    }

    let next: ClusterRecord;
    if (cluster === undefined) {
      const first = candidates[0]!;
      home = report.cell;
      const lon = candidates.reduce((s, r) => s + r[3], 0) / candidates.length;
      const lat = candidates.reduce((s, r) => s + r[4], 0) / candidates.length;
      next = {
        alertId: stableAlertId('report_cluster', rule.ruleId, report.cell, first[1]),
        ruleId: rule.ruleId,
        since: first[2],
        last: candidates.at(-1)![2],
        count: candidates.length,
        lon,
        lat,
        members: candidates.slice(-MAX_MEMBERS),
      };
    } else {
      const count = cluster.count + 1;
      next = {
        ...cluster,
        last: Math.max(cluster.last, report.at),
        count,
        lon: cluster.lon + (report.lon - cluster.lon) / count,
        lat: cluster.lat + (report.lat - cluster.lat) / count,
        members: [...cluster.members, kept].slice(-MAX_MEMBERS),
      };
    }
    const anchor = read(home!) ?? { reports: [], clusters: {} };
    patch[home!] = { ...anchor, clusters: { ...anchor.clusters, [rule.ruleId]: next } };
    const minutes = Math.max(1, Math.round((next.last - next.since) / 60_000));
    alerts.push({
      alertId: next.alertId,
      kind: 'report_cluster',
      ruleId: rule.ruleId,
      severity: severityFor(rule, next.count),
      status: 'active',
      title: `${next.count} ${rule.category} reports within ${rule.radiusKm} km in ${minutes} min`,
      category: rule.category,
      place: { type: 'Point', coordinates: [next.lon, next.lat] },
      ...(report.region === undefined ? {} : { region: report.region }),
      cell: home!,
      evidence: next.members.map(evidenceOf),
      raisedAt: iso(next.since),
      ...(cluster === undefined ? {} : { updatedAt: iso(report.at) }),
    });
  }
  return { patch, alerts };
}
