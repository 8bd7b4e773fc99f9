import { describe, expect, it } from 'vitest';
import { ZPermission, ZRole, can, roles } from './roles';

describe('roles', () => {
  it('defines the four roles with a description', () => {
    expect(ZRole.options).toEqual(['admin', 'coordinator', 'analyst', 'field']);
    for (const role of ZRole.options) expect(roles[role].description.length).toBeGreaterThan(20);
    expect(ZRole.safeParse('root').success).toBe(false);
  });

  it('only grants permissions from the vocabulary, each once', () => {
    for (const role of ZRole.options) {
      const granted = roles[role].permissions;
      expect(new Set(granted).size).toBe(granted.length);
      for (const p of granted) expect(ZPermission.options).toContain(p);
    }
  });

  it('lets coordinators run operations and analysts only read', () => {
    expect(can('coordinator', 'incident.dispatch')).toBe(true);
    expect(can('coordinator', 'alert.acknowledge')).toBe(true);
    expect(can('coordinator', 'user.manage')).toBe(false);
    expect(can('analyst', 'replay.view')).toBe(true);
    expect(can('analyst', 'data.export')).toBe(true);
    expect(can('analyst', 'incident.dispatch')).toBe(false);
    expect(can('analyst', 'incident.note')).toBe(false);
  });

  it('limits field staff to their surroundings and assignments', () => {
    expect(can('field', 'map.view_nearby')).toBe(true);
    expect(can('field', 'assignment.view_own')).toBe(true);
    expect(can('field', 'report.create')).toBe(true);
    expect(can('field', 'asset.update_status')).toBe(true);
    expect(can('field', 'map.view')).toBe(false);
    expect(can('field', 'replay.view')).toBe(false);
    expect(can('field', 'incident.dispatch')).toBe(false);
  });

  it('gives admins administration plus everything a coordinator can do', () => {
    for (const p of ['user.manage', 'source.manage', 'rule.manage', 'zone.manage'] as const)
      expect(can('admin', p)).toBe(true);
    for (const p of roles.coordinator.permissions) expect(can('admin', p)).toBe(true);
  });
});
