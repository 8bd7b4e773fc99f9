import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/v1/commands.json';
import { ID2, T0, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZCommandEventV1, ZCommandV1, canIssue, commandPermissions, commandTarget } from './commands';
import type { TCommandV1 } from './commands';

const base = {
  commandId: ID2,
  actor: { kind: 'user', userId: 'u-amina', role: 'coordinator' },
  issuedAt: T0,
};

const valid: Record<TCommandV1['kind'], Record<string, unknown>> = {
  create_incident: {
    kind: 'create_incident',
    incidentId: 'inc-1',
    title: 'Flooding in Munhava',
    severity: 'severe',
    category: 'flood',
    position: { lon: 34.86, lat: -19.83 },
    alertIds: ['al-1'],
  },
  acknowledge_incident: { kind: 'acknowledge_incident', incidentId: 'inc-1' },
  acknowledge_alert: { kind: 'acknowledge_alert', alertId: 'al-1', note: 'Seen, calling the gauge keeper' },
  assign: { kind: 'assign', incidentId: 'inc-1', assigneeKind: 'user', assigneeId: 'u-joao' },
  dispatch: fixture.payload,
  update_status: { kind: 'update_status', assetId: 'team-3', status: 'on_scene', incidentId: 'inc-1' },
  resolve: { kind: 'resolve', incidentId: 'inc-1', resolution: 'Families evacuated to the school.' },
  close: { kind: 'close', incidentId: 'inc-1' },
  add_note: { kind: 'add_note', incidentId: 'inc-1', text: 'Road to Munhava cut at the bridge.' },
  set_severity: {
    kind: 'set_severity',
    incidentId: 'inc-1',
    severity: 'extreme',
    reason: 'Water still rising',
  },
  merge_incidents: { kind: 'merge_incidents', incidentId: 'inc-1', sourceIncidentIds: ['inc-2', 'inc-3'] },
};

describe('ZCommandV1', () => {
  it.each(Object.keys(valid))('accepts %s', (kind) => {
    const parsed = expectValid(ZCommandV1, { ...base, ...valid[kind as TCommandV1['kind']] });
    expect(parsed.kind).toBe(kind);
  });

  it('rejects an unknown kind', () =>
    expectInvalidAt(ZCommandV1, { ...base, kind: 'delete_everything', incidentId: 'inc-1' }, 'kind'));

  it.each([
    ['commandId', 'cmd-1'],
    ['actor.role', 'root'],
    ['actor.kind', 'system'],
    ['actor.userId', undefined],
    ['issuedAt', '2024-09-14T08:00:00'],
  ])('rejects attribution with %s = %s', (path, value) =>
    expectInvalidAt(ZCommandV1, withPatch({ ...base, ...valid.close }, path, value), path),
  );

  it.each([
    ['create_incident', 'title', ''],
    ['create_incident', 'severity', 'critical'],
    ['create_incident', 'position.lat', -100],
    ['create_incident', 'position', undefined],
    ['assign', 'assigneeKind', 'robot'],
    ['dispatch', 'assetIds', []],
    ['dispatch', 'assetIds', ['boat-02', 'boat-02']],
    ['dispatch', 'stock[0].quantity', 0],
    ['dispatch', 'destination.lon', 181],
    ['update_status', 'status', 'sleeping'],
    ['update_status', 'assetId', undefined],
    ['resolve', 'resolution', ''],
    ['add_note', 'text', 'x'.repeat(4_001)],
    ['add_note', 'text', 'bell\u0007'],
    ['set_severity', 'severity', 'high'],
    ['merge_incidents', 'sourceIncidentIds', ['inc-1']],
    ['merge_incidents', 'sourceIncidentIds', []],
  ] as const)('rejects %s with %s = %s', (kind, path, value) =>
    expectInvalidAt(ZCommandV1, withPatch({ ...base, ...valid[kind] }, path, value), path),
  );

  it('keys each command by its target', () => {
    const target = (kind: TCommandV1['kind']) => commandTarget(ZCommandV1.parse({ ...base, ...valid[kind] }));
    expect(target('dispatch')).toBe('inc-01J7QRQ0000');
    expect(target('acknowledge_alert')).toBe('al-1');
    expect(target('update_status')).toBe('team-3');
    expect(target('merge_incidents')).toBe('inc-1');
    expect(target('create_incident')).toBe('inc-1');
  });

  it('maps every command to a permission the right roles hold', () => {
    expect(Object.keys(commandPermissions).sort()).toEqual(Object.keys(valid).sort());
    expect(canIssue('coordinator', 'dispatch')).toBe(true);
    expect(canIssue('admin', 'merge_incidents')).toBe(true);
    expect(canIssue('field', 'update_status')).toBe(true);
    expect(canIssue('field', 'add_note')).toBe(true);
    expect(canIssue('field', 'dispatch')).toBe(false);
    expect(canIssue('analyst', 'acknowledge_alert')).toBe(false);
  });

  it('is carried in a command v1 envelope', () => {
    expectValid(ZCommandEventV1, fixture);
    expectInvalidAt(ZCommandEventV1, withPatch(fixture, 'payload.kind', undefined), 'payload.kind');
  });
});
