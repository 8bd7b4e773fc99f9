/**
 * raw.positions: each fix becomes a history row; the newest fix of each asset moves it (unless late)
 * and is published on live.entities with its motion, region and cell. Its status is the operational
 * one stored by commands and dispatch tracking (read back in the batch's transaction); the status the
 * device reports counts only while the stored one is `available` or `unknown`.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { TAssetStatus } from '@vigie/contracts/assets';
import { ZAssetStatus } from '@vigie/contracts/assets';
import { assetStatuses } from '@vigie/db/dispatches-repository';
import { recordPositions } from '@vigie/db/positions-repository';
import type { PositionFix } from '@vigie/db/positions-repository';
import { storedEnvelopeIds } from '@vigie/db/stored-events-repository';
import { assetEntity, entityRecord } from './build-live-records';
import type { GeoContext } from './enrich-position';
import { enrichPosition } from './enrich-position';
import type { AssetLive, EntityCache } from './entity-cache';
import { refreshAssets } from './entity-cache';
import type { TopicPipeline } from './topic-pipeline';

export function positionsConsumer(
  cache: EntityCache,
  context: GeoContext & { sourceId: string },
): TopicPipeline<'raw.positions'> {
  return {
    topic: 'raw.positions',
    refresh: (db, events) =>
      refreshAssets(cache, db, [...new Set(events.map((e) => e.event.payload.assetId))]),
    stored: (tx, events) =>
      storedEnvelopeIds(
        tx,
        'positions',
        events.map((e) => e.event.id),
      ),
    plan(events, _checkpoint, now) {
      const moved = new Map<string, AssetLive>();
      const reported = new Map<string, TAssetStatus | undefined>();
      const fixes: PositionFix[] = [];
      let late = 0;
      for (const { event } of events) {
        const id = event.payload.assetId;
        const enriched = enrichPosition(event, moved.get(id) ?? cache.assets.get(id), context);
        fixes.push(enriched.fix);
        if (enriched.asset === null) late++;
        else {
          moved.set(id, enriched.asset);
          reported.set(id, event.payload.status);
        }
      }
      const output = { sourceId: context.sourceId, now };
      // Filled once the statuses are read in the transaction (again on a retried write).
      const entities: ProduceRecord[] = [];
      return {
        write: async (tx) => {
          const inserted = (await recordPositions(tx, fixes)).inserted;
          const stored = await assetStatuses(tx, [...moved.keys()]);
          entities.length = 0;
          for (const [id, asset] of moved) {
            const status = ZAssetStatus.safeParse(stored.get(id));
            if (status.success) {
              const operational = status.data !== 'available' && status.data !== 'unknown';
              asset.status = operational ? status.data : (reported.get(id) ?? status.data);
            }
            entities.push(
              entityRecord(
                assetEntity(asset, now),
                { eventId: asset.eventId, receivedAt: asset.receivedAt },
                output,
              ),
            );
          }
          return { inserted };
        },
        statePatch: {},
        apply: () => {
          for (const [id, asset] of moved) cache.assets.set(id, asset);
        },
        entities,
        observations: [],
        outcomes: { late },
      };
    },
    async recover(_db, events, now) {
      const output = { sourceId: context.sourceId, now };
      const entities: ProduceRecord[] = [];
      for (const id of new Set(events.map((e) => e.event.payload.assetId))) {
        const asset = cache.assets.get(id);
        if (asset !== undefined) {
          entities.push(
            entityRecord(
              assetEntity(asset, now),
              { eventId: asset.eventId, receivedAt: asset.receivedAt },
              output,
            ),
          );
        }
      }
      return { entities, observations: [] };
    },
  };
}
