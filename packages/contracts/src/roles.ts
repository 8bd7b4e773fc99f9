// Roles and what each may do, as data. The gateway checks `can(role, permission)` on every procedure,
// command and socket subscription; the web app uses the same table to show or hide controls.
import { z } from 'zod';

export const ZRole = z.enum(['admin', 'coordinator', 'analyst', 'field']);
export type TRole = z.infer<typeof ZRole>;

export const ZPermission = z.enum([
  'map.view', // live map of the whole operation
  'map.view_nearby', // live map limited to the user's surroundings and assignments
  'incident.view',
  'incident.create',
  'incident.acknowledge',
  'incident.assign',
  'incident.dispatch',
  'incident.resolve',
  'incident.close',
  'incident.note',
  'incident.set_severity',
  'incident.merge',
  'alert.acknowledge',
  'assignment.view_own',
  'asset.update_status',
  'report.create',
  'report.search',
  'replay.view',
  'data.export',
  'stock.view',
  'stock.adjust',
  'audit.view',
  'user.manage',
  'source.manage', // data sources and their API keys
  'rule.manage', // detection rules
  'zone.manage', // hazard zones and geofences
  'notification.manage', // notification channels (webhooks, e-mail) and their delivery log
]);
export type TPermission = z.infer<typeof ZPermission>;

export interface RoleDefinition {
  readonly description: string;
  readonly permissions: readonly TPermission[];
}

const coordinatorPermissions = [
  'map.view',
  'incident.view',
  'incident.create',
  'incident.acknowledge',
  'incident.assign',
  'incident.dispatch',
  'incident.resolve',
  'incident.close',
  'incident.note',
  'incident.set_severity',
  'incident.merge',
  'alert.acknowledge',
  'asset.update_status',
  'report.create',
  'report.search',
  'replay.view',
  'data.export',
  'stock.view',
  'stock.adjust',
] as const satisfies readonly TPermission[];

export const roles: Readonly<Record<TRole, RoleDefinition>> = {
  admin: {
    description:
      'Manages users and roles, data sources and their API keys, rules and geofences; can also do ' +
      'everything a coordinator does, so operations never depend on one account.',
    permissions: ZPermission.options.filter((p) => p !== 'map.view_nearby' && p !== 'assignment.view_own'),
  },
  coordinator: {
    description:
      'Runs the control room: watches the live map and incident queue, acknowledges alerts, dispatches ' +
      'vehicles, teams and stock, moves incidents through their lifecycle.',
    permissions: coordinatorPermissions,
  },
  analyst: {
    description: 'Reads everything, changes nothing: searches reports, replays past days, exports data.',
    permissions: [
      'map.view',
      'incident.view',
      'report.search',
      'replay.view',
      'data.export',
      'stock.view',
      'audit.view',
    ],
  },
  field: {
    description:
      'Staff on the ground, on a phone: sees their assignments and what is near them, updates their ' +
      'status, sends reports with position and photo, adds notes to their incidents.',
    permissions: [
      'map.view_nearby',
      'assignment.view_own',
      'asset.update_status',
      'report.create',
      'incident.note',
    ],
  },
};

/** Whether `role` holds `permission`. */
export function can(role: TRole, permission: TPermission): boolean {
  return roles[role].permissions.includes(permission);
}
