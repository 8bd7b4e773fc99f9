import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import { givenFloodReportsAt, givenReportsAt } from './detection-scenario';
import type { ClusterCellState, ClusterParams, ReportSignal } from './report-cluster-detector';
import { detectReportCluster } from './report-cluster-detector';

const lesCayes = { lon: -73.75, lat: 18.2 };
const jeremie = { lon: -74.115, lat: 18.65 };
const floodRule: ClusterParams = {
  ruleId: 'flood-cluster',
  category: 'flood',
  minReports: 5,
  radiusKm: 2,
  windowMs: 30 * 60_000,
};
const fireRule: ClusterParams = {
  ruleId: 'fire-cluster',
  category: 'fire',
  minReports: 3,
  radiusKm: 1,
  windowMs: 20 * 60_000,
};

/**
 * Feeds reports (in time order unless `asGiven`), keeping the state per cell as the processor keeps it
 * (JSON, by cell).
 */
function feed(
  reports: readonly ReportSignal[],
  cells = new Map<string, ClusterCellState>(),
  asGiven = false,
): AlertDraft[] {
  const alerts: AlertDraft[] = [];
  for (const report of asGiven ? reports : [...reports].sort((a, b) => a.at - b.at)) {
    const step = detectReportCluster((cell) => cells.get(cell), report, [floodRule, fireRule]);
    for (const [cell, state] of Object.entries(step.patch))
      cells.set(cell, JSON.parse(JSON.stringify(state)) as ClusterCellState);
    alerts.push(...step.alerts);
  }
  return alerts;
}

describe('report cluster detector', () => {
  it('a cluster of 5 flood reports yields one cluster alert, not five', () => {
    const alerts = feed(givenFloodReportsAt(lesCayes).count(5).within('10m').spreadOver(600).reports());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'report_cluster',
      category: 'flood',
      severity: 'moderate',
      status: 'active',
    });
    expect(alerts[0]!.evidence).toHaveLength(5);
    expect(alerts[0]!.title).toBe('5 flood reports within 2 km in 10 min');
    expect(ZLiveAlertV1.safeParse(alerts[0]).success).toBe(true);
  });

  it('more reports update the same alert (count, evidence, severity) instead of raising another', () => {
    const alerts = feed(givenFloodReportsAt(lesCayes).count(12).within('20m').spreadOver(800).reports());
    const ids = new Set(alerts.map((a) => a.alertId));
    expect(ids.size).toBe(1);
    expect(alerts).toHaveLength(8);
    const last = alerts.at(-1)!;
    expect(last.evidence).toHaveLength(12);
    expect(last.severity).toBe('severe');
    expect(last.updatedAt).toBeDefined();
  });

  it('four reports, reports spread over too long, too far apart or of another category raise nothing', () => {
    expect(feed(givenFloodReportsAt(lesCayes).count(4).within('10m').reports())).toEqual([]);
    expect(feed(givenFloodReportsAt(lesCayes).count(5).within('3h').reports())).toEqual([]);
    const scattered = [0, 1, 2, 3, 4].map(
      (i) =>
        givenFloodReportsAt({ lon: -73.75 + i * 0.05, lat: 18.2 })
          .count(1)
          .startingAfter(`${i}m`)
          .named(`far-${i}`)
          .reports()[0]!,
    );
    expect(feed(scattered)).toEqual([]);
    expect(feed(givenReportsAt(lesCayes, 'shelter').count(6).within('10m').reports())).toEqual([]);
  });

  it('clusters in two towns are two alerts, and each category has its own rule', () => {
    const alerts = feed([
      ...givenFloodReportsAt(lesCayes).count(5).within('10m').reports(),
      ...givenFloodReportsAt(jeremie).count(5).within('10m').reports(),
      ...givenReportsAt(lesCayes, 'fire').count(3).within('5m').spreadOver(300).reports(),
    ]);
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(3);
    expect(alerts.filter((a) => a.ruleId === 'fire-cluster')).toHaveLength(1);
  });

  it('reports arriving out of time order still make their cluster, whichever comes last', () => {
    const reports = givenFloodReportsAt(lesCayes).count(5).within('10m').spreadOver(600).reports();
    for (const order of [
      [4, 0, 1, 2, 3],
      [1, 3, 0, 4, 2],
      [4, 3, 2, 1, 0],
    ]) {
      const alerts = feed(
        order.map((i) => reports[i]!),
        new Map(),
        true,
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.evidence).toHaveLength(5);
      expect(alerts[0]!.title).toBe('5 flood reports within 2 km in 10 min');
    }
    const slow = givenFloodReportsAt(lesCayes).count(5).within('3h').reports();
    expect(feed([...slow].reverse(), new Map(), true)).toEqual([]);
  });

  it('the same report delivered twice is counted once, and replays give the same alert id', () => {
    const reports = givenFloodReportsAt(lesCayes).count(5).within('10m').reports();
    const once = feed(reports);
    expect(feed([...reports, reports[2]!])).toEqual(once);
  });
});
