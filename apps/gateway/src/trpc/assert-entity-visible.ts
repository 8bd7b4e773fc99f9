/**
 * Whether the caller may look at one entity: roles with `map.view` see everything; the field role
 * (`map.view_nearby`) sees the assets it carries and what lies inside its nearby area
 * (`live/nearby-area.ts`). A refusal is audited and thrown as FORBIDDEN.
 */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { AppError } from '@vigie/contracts/errors';
import { can } from '@vigie/contracts/roles';
import { recordAudit } from '@vigie/db/audit-repository';
import { assetIdsOfUser } from '@vigie/db/users-repository';
import type { GatewayServices } from '../gateway-services';
import { anchorArea, bboxContainsPoint } from '../live/nearby-area';

export async function assertEntityVisible(
  services: GatewayServices,
  user: TSessionUser,
  ip: string,
  entity: { id: string; position: { lon: number; lat: number } | null },
): Promise<void> {
  if (can(user.role, 'map.view')) return;
  if (can(user.role, 'map.view_nearby')) {
    const anchors = await assetIdsOfUser(services.database.db, user.id);
    if (anchors.includes(entity.id)) return;
    const area = anchorArea(services.index, anchors, services.config.live.fieldRadiusM);
    if (
      area !== null &&
      entity.position !== null &&
      bboxContainsPoint(area, entity.position.lon, entity.position.lat)
    )
      return;
  }
  await recordAudit(services.database.db, {
    actor: user.id,
    action: 'access.denied',
    target: `entity:${entity.id}`,
    outcome: 'denied',
    ip,
    detail: { role: user.role, reason: 'not near' },
  });
  throw new AppError('FORBIDDEN', 'This entity is outside the area your role may see');
}
