import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import type { AlertSignal, CorroborationState } from './corroboration-detector';
import { detectCorroboration } from './corroboration-detector';
import { T0, eventIdFor, squareAround } from './detection-scenario';

const rule = { ruleId: 'corroboration' };
const lesCayes = { lon: -73.75, lat: 18.2 };

function alert(
  id: string,
  kind: AlertDraft['kind'],
  minutes: number,
  place: AlertDraft['place'],
  extra: Partial<AlertDraft> = {},
): AlertSignal {
  const draft: AlertDraft = {
    alertId: id,
    kind,
    severity: 'moderate',
    status: 'active',
    title: `${kind} ${id}`,
    place,
    evidence: [],
    raisedAt: new Date(T0 + minutes * 60_000).toISOString(),
    ...(kind === 'external' ? { external: { sender: 'sim', identifier: id } } : {}),
    ...extra,
  };
  return { alert: draft, eventId: eventIdFor(id) };
}

const point = (lon: number, lat: number): AlertDraft['place'] => ({ type: 'Point', coordinates: [lon, lat] });

function feed(signals: readonly AlertSignal[]): AlertDraft[] {
  let state: CorroborationState | undefined;
  const out: AlertDraft[] = [];
  for (const signal of signals) {
    const step = detectCorroboration(state, signal, rule);
    state = JSON.parse(JSON.stringify(step.state)) as CorroborationState;
    out.push(...step.alerts);
  }
  return out;
}

describe('corroboration detector', () => {
  it('a river threshold alert and a flood report cluster nearby raise one corroboration, more severe', () => {
    const out = feed([
      alert('river-high', 'threshold', 0, point(-73.76, 18.21), { category: 'flood' }),
      alert('flood-cluster', 'report_cluster', 20, point(-73.75, 18.2), { category: 'flood' }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'corroboration', severity: 'severe', category: 'flood' });
    expect(out[0]!.evidence.map((e) => e.entityId)).toEqual(['river-high', 'flood-cluster']);
    expect(ZLiveAlertV1.safeParse(out[0]).success).toBe(true);
  });

  it('a third kind of source (an external alert whose area covers the place) updates it and raises severity again', () => {
    const area: AlertDraft['place'] = {
      type: 'Polygon',
      coordinates: squareAround(lesCayes, 60)[0]! as never,
    };
    const out = feed([
      alert('river-high', 'threshold', 0, point(-73.76, 18.21)),
      alert('flood-cluster', 'report_cluster', 20, point(-73.75, 18.2)),
      alert('cluster-again', 'report_cluster', 25, point(-73.75, 18.2)),
      alert('cap-flood', 'external', 30, area),
    ]);
    expect(out).toHaveLength(3);
    expect(new Set(out.map((a) => a.alertId)).size).toBe(1);
    expect(out.map((a) => a.severity)).toEqual(['severe', 'severe', 'extreme']);
    expect(out[2]!.title).toContain('3 kinds of source');
    expect(out[2]!.evidence).toHaveLength(4);
  });

  it('signals of one family, far apart, too late, cleared or geofence alerts do not corroborate', () => {
    expect(
      feed([
        alert('r1', 'threshold', 0, point(-73.76, 18.21)),
        alert('r2', 'anomaly', 5, point(-73.75, 18.2)),
      ]),
    ).toEqual([]);
    expect(
      feed([
        alert('r1', 'threshold', 0, point(-73.76, 18.21)),
        alert('c1', 'report_cluster', 5, point(-74.3, 18.6)),
      ]),
    ).toEqual([]);
    expect(
      feed([
        alert('r1', 'threshold', 0, point(-73.76, 18.21)),
        alert('c1', 'report_cluster', 7 * 60, point(-73.75, 18.2)),
      ]),
    ).toEqual([]);
    expect(
      feed([
        alert('r1', 'threshold', 0, point(-73.76, 18.21), { status: 'cleared' }),
        alert('c1', 'report_cluster', 5, point(-73.75, 18.2)),
      ]),
    ).toEqual([]);
    expect(
      feed([
        alert('g1', 'geofence_enter', 0, point(-73.76, 18.21)),
        alert('c1', 'report_cluster', 5, point(-73.75, 18.2)),
      ]),
    ).toEqual([]);
  });

  it('an update of a member alert does not raise the corroboration again', () => {
    const out = feed([
      alert('river-high', 'threshold', 0, point(-73.76, 18.21)),
      alert('flood-cluster', 'report_cluster', 20, point(-73.75, 18.2)),
      alert('flood-cluster', 'report_cluster', 22, point(-73.75, 18.2)),
    ]);
    expect(out).toHaveLength(1);
  });
});
