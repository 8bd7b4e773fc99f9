import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import { T0, givenVehicle, squareAround } from './detection-scenario';
import type { AssetFix, GeofenceParams, GeofenceState, GeofenceZone } from './geofence-detector';
import { detectGeofence, indexZones } from './geofence-detector';

const lesCayes = { lon: -73.75, lat: 18.2 };
const west = { lon: -73.85, lat: 18.2 };
const east = { lon: -73.65, lat: 18.2 };
const rule: GeofenceParams = { ruleId: 'geofence', dwellMs: 30 * 60_000 };

const floodedZone: GeofenceZone = {
  id: 'cap-flood-1',
  kind: 'hazard',
  name: 'Ravine du Sud flood',
  polygons: squareAround(lesCayes, 4),
  category: 'flood',
};

function drive(
  fixes: readonly AssetFix[],
  zones: readonly GeofenceZone[] | ((at: number) => GeofenceZone[]),
): AlertDraft[] {
  let state: GeofenceState | undefined;
  const alerts: AlertDraft[] = [];
  for (const fix of fixes) {
    const index = indexZones(typeof zones === 'function' ? zones(fix.at) : zones);
    const step = detectGeofence(state, fix, index, rule);
    state = JSON.parse(JSON.stringify(step.state)) as GeofenceState;
    alerts.push(...step.alerts);
  }
  return alerts;
}

describe('geofence detector', () => {
  it('a vehicle entering a hazard zone raises one alert, and leaving it raises an exit and clears the entry', () => {
    const fixes = givenVehicle('truck-7').from(west).to(east).over('40m').every('30s').fixes();
    const alerts = drive(fixes, [floodedZone]);
    expect(alerts.map((a) => `${a.kind}:${a.status}`)).toEqual([
      'geofence_enter:active',
      'geofence_enter:cleared',
      'geofence_exit:active',
    ]);
    const enter = alerts[0]!;
    expect(enter).toMatchObject({ severity: 'severe', category: 'flood', ruleId: 'geofence' });
    expect(enter.title).toContain('hazard zone Ravine du Sud flood');
    expect(enter.evidence[0]).toMatchObject({ kind: 'position', entityId: 'truck-7' });
    const [lon] = enter.place.coordinates as number[];
    expect(lon).toBeGreaterThan(-73.77);
    expect(lon).toBeLessThan(-73.76);
    for (const alert of alerts) expect(ZLiveAlertV1.safeParse(alert).success).toBe(true);
  });

  it('a vehicle staying longer than the dwell time raises one dwell alert', () => {
    const parked = givenVehicle('truck-8').from(lesCayes).over('2h').every('1m').fixes();
    const alerts = drive(parked, [floodedZone]);
    expect(alerts.map((a) => a.kind)).toEqual(['geofence_enter', 'geofence_dwell']);
    expect(Date.parse(alerts[1]!.raisedAt) - T0).toBe(30 * 60_000);
  });

  it('a zone that appears while the vehicle is there counts from when it appears; when it ends, the visit is cleared without an exit', () => {
    const zone = { ...floodedZone, validFrom: T0 + 10 * 60_000, validTo: T0 + 20 * 60_000 };
    const parked = givenVehicle('truck-9').from(lesCayes).over('30m').every('1m').fixes();
    const alerts = drive(parked, [zone]);
    expect(alerts.map((a) => `${a.kind}:${a.status}`)).toEqual([
      'geofence_enter:active',
      'geofence_enter:cleared',
    ]);
    expect(alerts[0]!.raisedAt).toBe(new Date(T0 + 10 * 60_000).toISOString());
    expect(alerts[1]!.title).toContain('ended');
  });

  it('a zone removed from the set (a cancelled alert) clears the visit as well', () => {
    const parked = givenVehicle('truck-10').from(lesCayes).over('10m').every('1m').fixes();
    const alerts = drive(parked, (at) => (at < T0 + 5 * 60_000 ? [floodedZone] : []));
    expect(alerts.map((a) => `${a.kind}:${a.status}`)).toEqual([
      'geofence_enter:active',
      'geofence_enter:cleared',
    ]);
  });

  it('a restricted area and a warehouse yard that only reports dwell; admin areas are not watched', () => {
    const restricted: GeofenceZone = {
      id: 'airstrip',
      kind: 'geofence',
      name: 'Airstrip',
      polygons: squareAround(lesCayes, 1),
    };
    const yard: GeofenceZone = {
      id: 'yard',
      kind: 'geofence',
      name: 'Yard',
      polygons: squareAround(lesCayes, 2),
      alertOn: ['dwell'],
      dwellMs: 5 * 60_000,
    };
    const admin: GeofenceZone = {
      id: 'sud',
      kind: 'admin_area',
      name: 'Sud',
      polygons: squareAround(lesCayes, 50),
    };
    const alerts = drive(givenVehicle('truck-11').from(lesCayes).over('10m').every('1m').fixes(), [
      restricted,
      yard,
      admin,
    ]);
    expect(alerts.map((a) => `${a.kind}:${a.title}`)).toEqual([
      'geofence_enter:truck-11 entered Airstrip',
      'geofence_dwell:truck-11 has been in Yard for 5 min',
    ]);
    expect(alerts[0]!.severity).toBe('moderate');
  });

  it('replaying the same fixes gives the same alert ids; older fixes are ignored', () => {
    const fixes = givenVehicle('truck-12').from(west).to(east).over('40m').every('30s').fixes();
    expect(drive(fixes, [floodedZone]).map((a) => a.alertId)).toEqual(
      drive(fixes, [floodedZone]).map((a) => a.alertId),
    );
    const inside = fixes[40]!;
    const step = detectGeofence(undefined, inside, indexZones([floodedZone]), rule);
    expect(
      detectGeofence(step.state, { ...fixes[0]!, at: inside.at - 1 }, indexZones([floodedZone]), rule).alerts,
    ).toEqual([]);
  });
});
