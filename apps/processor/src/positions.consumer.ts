/**
 * raw.positions: each fix becomes a history row; the newest fix of each asset moves it (unless late)
 * and is published on live.entities with its motion, region and cell.
 */
import type { ProduceRecord } from '@vigie/bus/log';
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
      const fixes: PositionFix[] = [];
      let late = 0;
      for (const { event } of events) {
        const id = event.payload.assetId;
        const enriched = enrichPosition(event, moved.get(id) ?? cache.assets.get(id), context);
        fixes.push(enriched.fix);
        if (enriched.asset === null) late++;
        else moved.set(id, enriched.asset);
      }
      const output = { sourceId: context.sourceId, now };
      return {
        write: async (tx) => ({ inserted: (await recordPositions(tx, fixes)).inserted }),
        statePatch: {},
        apply: () => {
          for (const [id, asset] of moved) cache.assets.set(id, asset);
        },
        entities: [...moved.values()].map((asset) =>
          entityRecord(
            assetEntity(asset, now),
            { eventId: asset.eventId, receivedAt: asset.receivedAt },
            output,
          ),
        ),
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
