/**
 * What a field user may see beyond the live map: the incidents they work on (assigned to them or
 * their team, or their asset dispatched), and the area around their asset. Roles with
 * `incident.view` see every incident; a field user asking for another one is refused and audited.
 */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { AppError } from '@vigie/contracts/errors';
import type { TBbox } from '@vigie/contracts/primitives';
import { can } from '@vigie/contracts/roles';
import { recordAudit } from '@vigie/db/audit-repository';
import { fieldProfile, incidentIdsOfFieldUser } from '@vigie/db/field-queries-repository';
import type { FieldProfile } from '@vigie/db/field-queries-repository';
import { assetIdsOfUser } from '@vigie/db/users-repository';
import type { GatewayServices } from '../gateway-services';
import { anchorArea } from '../live/nearby-area';

export interface FieldScope {
  profile: FieldProfile;
  /** users.asset_id first, then the assets they carry. */
  assetIds: string[];
  incidentIds: string[];
  /** The square around their positioned asset, or null without one. */
  area: TBbox | null;
}

export async function loadFieldScope(services: GatewayServices, user: TSessionUser): Promise<FieldScope> {
  const db = services.database.db;
  const profile = (await fieldProfile(db, user.id)) ?? { userId: user.id, assetId: null, regions: [] };
  const carried = await assetIdsOfUser(db, user.id);
  const assetIds = [...new Set([...(profile.assetId !== null ? [profile.assetId] : []), ...carried])];
  const incidentIds = await incidentIdsOfFieldUser(db, profile);
  const area = anchorArea(services.index, assetIds, services.config.live.fieldRadiusM);
  return { profile, assetIds, incidentIds, area };
}

export async function denyAndAudit(
  services: GatewayServices,
  user: TSessionUser,
  ip: string,
  target: string,
  reason: string,
): Promise<never> {
  await recordAudit(services.database.db, {
    actor: user.id,
    action: 'access.denied',
    target,
    outcome: 'denied',
    ip,
    detail: { role: user.role, reason },
  });
  throw new AppError('FORBIDDEN', reason);
}

/** Passes for roles that see every incident, and for field users on one of their own incidents. */
export async function assertIncidentVisible(
  services: GatewayServices,
  user: TSessionUser,
  ip: string,
  incidentId: string,
): Promise<void> {
  if (can(user.role, 'incident.view')) return;
  if (can(user.role, 'assignment.view_own')) {
    const scope = await loadFieldScope(services, user);
    if (scope.incidentIds.includes(incidentId)) return;
  }
  await denyAndAudit(
    services,
    user,
    ip,
    `incident:${incidentId}`,
    'This incident is not one of your assignments',
  );
}
