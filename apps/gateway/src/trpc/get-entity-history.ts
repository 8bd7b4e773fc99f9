/**
 * `entity.history`: over the last `minutes`, the track of an asset (its fixes from `positions`) or
 * the readings of a sensor (from `readings`), oldest first, at most 20 000 points.
 */
import { AppError } from '@vigie/contracts/errors';
import { ZEntityHistory, ZEntityHistoryInput, ZReadingPoint, ZTrackPoint } from '@vigie/contracts/entity-api';
import type { TEntityHistory } from '@vigie/contracts/entity-api';
import { assetTrack, getAsset } from '@vigie/db/assets-repository';
import { sensorSeries } from '@vigie/db/readings-repository';
import { getSensor } from '@vigie/db/sensors-repository';
import type { z } from 'zod';
import { assertEntityVisible } from './assert-entity-visible';
import { procedureWith } from './trpc-init';

const MAX_POINTS = 20_000;

export const getEntityHistory = procedureWith('map.view', 'map.view_nearby')
  .input(ZEntityHistoryInput)
  .output(ZEntityHistory)
  .query(async ({ ctx, input }): Promise<TEntityHistory> => {
    const { db } = ctx.services.database;
    const to = new Date();
    const from = new Date(to.getTime() - input.minutes * 60_000);
    const live = ctx.services.index.get(input.id)?.entity;
    const asset = live?.entityKind === 'sensor' ? null : await getAsset(db, input.id);
    const sensor = asset !== null ? null : await getSensor(db, input.id);
    if (asset === null && sensor === null && live === undefined)
      throw new AppError('NOT_FOUND', `No entity ${input.id}`);
    const position = live?.position ?? asset?.position ?? sensor?.position ?? null;
    await assertEntityVisible(ctx.services, ctx.user, ctx.ip, { id: input.id, position });

    const track: z.output<typeof ZTrackPoint>[] = [];
    const readings: z.output<typeof ZReadingPoint>[] = [];
    if (sensor !== null) {
      for (const reading of await sensorSeries(db, input.id, from, to, { limit: MAX_POINTS })) {
        const point = ZReadingPoint.safeParse({
          metric: reading.metric ?? sensor.kind,
          unit: reading.unit ?? sensor.unit,
          value: reading.value,
          at: reading.time.toISOString(),
        });
        if (point.success) readings.push(point.data);
      }
    } else if (asset !== null) {
      for (const fix of await assetTrack(db, input.id, from, to, { limit: MAX_POINTS })) {
        const point = ZTrackPoint.safeParse({
          lon: fix.lon,
          lat: fix.lat,
          at: fix.time.toISOString(),
          ...(fix.speed === null ? {} : { speed: fix.speed }),
          ...(fix.heading === null ? {} : { heading: fix.heading }),
        });
        if (point.success) track.push(point.data);
      }
    }
    return { id: input.id, from: from.toISOString(), to: to.toISOString(), track, readings };
  });
