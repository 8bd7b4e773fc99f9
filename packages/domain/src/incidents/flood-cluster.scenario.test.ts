/**
 * Scenarios read like the field: reports of flooding pour in around Les Cayes; the detectors raise
 * report-cluster alerts and keep updating them; coordinators see one incident per situation.
 */
import type { TCategory } from '@vigie/contracts/categories';
import type { TAlertKind, TAlertStatus } from '@vigie/contracts/live-alerts';
import type { TSeverity } from '@vigie/contracts/severity';
import { describe, expect, it } from 'vitest';
import type { LonLat } from '../geo';
import { destinationPoint } from '../geo';
import { attachAlert, openIncidentFromAlert } from './apply-alert';
import type { AlertDetails } from './apply-alert';
import type { IncidentState } from './incident-state';
import { placeAlert } from './place-alert';

const LES_CAYES: LonLat = { lon: -73.75, lat: 18.2 };
const JEREMIE: LonLat = { lon: -74.115, lat: 18.65 };
const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** A command center in miniature: alerts go through the merge decision into incidents. */
class Field {
  readonly incidents: IncidentState[] = [];
  private readonly links = new Map<string, string>();
  private envelopes = 0;

  receive(alert: AlertDetails): void {
    const placement = placeAlert(alert, this.links.get(alert.alertId), this.incidents);
    const envelopeId = `ENV-${++this.envelopes}`;
    if (placement.action === 'ignore') return;
    if (placement.action === 'open') {
      const { incident } = openIncidentFromAlert(alert, `INC-${this.incidents.length + 1}`, envelopeId);
      this.incidents.push(incident);
      this.links.set(alert.alertId, incident.id);
      return;
    }
    const index = this.incidents.findIndex((i) => i.id === placement.incidentId);
    const { incident } = attachAlert(this.incidents[index]!, alert, envelopeId);
    this.incidents[index] = incident;
    this.links.set(alert.alertId, incident.id);
  }
}

/** `givenReportsOf('flood').around(LES_CAYES).clusters(5).within(10)` — minutes, km scattered. */
function givenReportsOf(category: TCategory) {
  let centre = LES_CAYES;
  let count = 1;
  let minutes = 10;
  let spreadKm = 1.5;
  let severity: TSeverity = 'moderate';
  let kind: TAlertKind = 'report_cluster';
  const builder = {
    around(point: LonLat) {
      centre = point;
      return builder;
    },
    clusters(n: number) {
      count = n;
      return builder;
    },
    within(m: number) {
      minutes = m;
      return builder;
    },
    spreadOver(km: number) {
      spreadKm = km;
      return builder;
    },
    rated(s: TSeverity) {
      severity = s;
      return builder;
    },
    ofKind(k: TAlertKind) {
      kind = k;
      return builder;
    },
    /** One alert per cluster, each with `updates` later updates (status stays active). */
    alerts(updates = 0, status: TAlertStatus = 'active'): AlertDetails[] {
      const out: AlertDetails[] = [];
      for (let i = 0; i < count; i++) {
        const position = destinationPoint(centre, (360 / count) * i, (spreadKm * 1000 * (i + 1)) / count);
        for (let u = 0; u <= updates; u++) {
          const at = new Date(T0 + ((minutes * 60_000) / count) * i + u * 60_000).toISOString();
          out.push({
            alertId: `${category}-${centre.lon}-${i}`,
            kind,
            severity,
            status,
            category,
            position,
            at,
            title: `${category} reports`,
          });
        }
      }
      return out;
    },
  };
  return builder;
}

describe('a cluster of flood reports', () => {
  it('opens one incident, not five, however often the clusters are updated', () => {
    const field = new Field();
    for (const alert of givenReportsOf('flood').around(LES_CAYES).clusters(5).within(10).alerts(3)) {
      field.receive(alert);
    }
    expect(field.incidents).toHaveLength(1);
    const [incident] = field.incidents;
    expect(incident!.evidence).toHaveLength(5);
    expect(incident!.status).toBe('detected');
  });

  it('opens a separate incident for floods in another town', () => {
    const field = new Field();
    for (const alert of [
      ...givenReportsOf('flood').around(LES_CAYES).clusters(3).alerts(),
      ...givenReportsOf('flood').around(JEREMIE).clusters(2).alerts(),
    ]) {
      field.receive(alert);
    }
    expect(field.incidents.map((i) => i.evidence.length)).toEqual([3, 2]);
  });

  it('keeps gauges along one flooding river in one incident, while fires 8 km apart stay two', () => {
    const field = new Field();
    const downstream = destinationPoint(LES_CAYES, 200, 16_000);
    for (const alert of [
      ...givenReportsOf('flood').around(LES_CAYES).clusters(2).ofKind('threshold').alerts(),
      ...givenReportsOf('flood').around(downstream).clusters(2).ofKind('threshold').alerts(),
    ]) {
      field.receive(alert);
    }
    expect(field.incidents.map((i) => i.evidence.length)).toEqual([4]);

    const fires = new Field();
    for (const alert of [
      ...givenReportsOf('fire').around(LES_CAYES).clusters(1).alerts(),
      ...givenReportsOf('fire')
        .around(destinationPoint(LES_CAYES, 90, 8_000))
        .clusters(1)
        .alerts(),
    ]) {
      fires.receive(alert);
    }
    expect(fires.incidents).toHaveLength(2);
  });

  it('keeps a fire apart from a flood in the same street, but adds medical needs to the flood', () => {
    const field = new Field();
    for (const alert of [
      ...givenReportsOf('flood').clusters(2).alerts(),
      ...givenReportsOf('fire')
        .around(destinationPoint(LES_CAYES, 180, 2_000))
        .clusters(1)
        .alerts(),
      ...givenReportsOf('medical').clusters(1).alerts(),
    ]) {
      field.receive(alert);
    }
    expect(field.incidents.map((i) => i.category)).toEqual(['flood', 'fire']);
    expect(field.incidents[0]!.evidence.map((e) => e.alertId)).toContain(`medical-${LES_CAYES.lon}-0`);
  });

  it('raises the severity when an external alert corroborates the reports', () => {
    const field = new Field();
    for (const alert of [
      ...givenReportsOf('flood').clusters(2).rated('moderate').alerts(),
      ...givenReportsOf('flood').clusters(1).rated('moderate').ofKind('external').alerts(),
    ]) {
      field.receive(alert);
    }
    expect(field.incidents).toHaveLength(1);
    expect(field.incidents[0]!.severity).toBe('severe');
  });

  it('does not open incidents from cleared clusters or info notices', () => {
    const field = new Field();
    for (const alert of [
      ...givenReportsOf('flood').clusters(2).alerts(0, 'cleared'),
      ...givenReportsOf('storm').around(JEREMIE).rated('info').alerts(),
    ]) {
      field.receive(alert);
    }
    expect(field.incidents).toHaveLength(0);
  });

  it('opens a new incident when the same place floods again the next day', () => {
    const field = new Field();
    const first = givenReportsOf('flood').clusters(1).alerts();
    const nextDay = first.map((a) => ({
      ...a,
      alertId: `${a.alertId}-day2`,
      at: new Date(Date.parse(a.at) + 24 * 3_600_000).toISOString(),
    }));
    for (const alert of [...first, ...nextDay]) field.receive(alert);
    expect(field.incidents).toHaveLength(2);
  });
});
