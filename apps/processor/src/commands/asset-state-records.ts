/**
 * The live.entities record of an asset whose operational status the operations consumer just changed
 * (dispatch → assigned, field status, arrival), built from the asset's stored state so the map and the
 * dispatch planner see the change at once, whichever process runs the positions pipeline. The
 * positions pipeline keeps that status afterwards: it reads the stored status back with every batch and
 * takes a device-reported status only while the stored one is `available` or `unknown`.
 */
import type { TAssetStatus } from '@vigie/contracts/assets';
import { ZAssetKind } from '@vigie/contracts/assets';
import type { TLiveEntityEventV1, TLiveEntityV1 } from '@vigie/contracts/live-entities';
import { clipText, sanitizeText } from '@vigie/contracts/primitives';
import type { Db } from '@vigie/db/database';
import { loadAssetStates } from '@vigie/db/live-state-repository';
import { deriveEventId } from '../derive-event-id';
import type { Outgoing } from '../incidents/run-topic-consumer';

export async function assetStateRecords(
  tx: Db,
  assetIds: readonly string[],
  change: { status: TAssetStatus; incidentId?: string | undefined; at: string; cause: string },
  context: { sourceId: string; now: Date },
): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  for (const row of await loadAssetStates(tx, { ids: assetIds })) {
    const kind = ZAssetKind.safeParse(row.kind);
    const entity: TLiveEntityV1 = {
      entityId: row.id,
      entityKind: kind.success ? kind.data : 'vehicle',
      name: clipText(sanitizeText(row.name, false), 200),
      status: change.status,
      connectivity: 'online',
      updatedAt: change.at,
    };
    if (row.position !== null) entity.position = row.position;
    if (row.speed !== null) entity.speed = row.speed;
    if (row.heading !== null) entity.heading = row.heading;
    if (row.accuracy !== null) entity.accuracy = row.accuracy;
    if (row.lastFixAt !== null) entity.lastSeenAt = row.lastFixAt.toISOString();
    if (change.incidentId !== undefined) entity.incidentId = change.incidentId;
    const event: TLiveEntityEventV1 = {
      id: deriveEventId(Date.parse(change.at), 'entity-status', row.id, change.status, change.cause),
      type: 'entity',
      v: 1,
      source: context.sourceId,
      occurredAt: change.at,
      receivedAt: context.now.toISOString(),
      payload: entity,
    };
    if (entity.position !== undefined) event.geo = entity.position;
    out.push({ topic: 'live.entities', record: { key: row.id, value: JSON.stringify(event) } });
  }
  return out;
}
