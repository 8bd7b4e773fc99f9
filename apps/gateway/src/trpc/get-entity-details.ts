/**
 * `entity.details`: the current state of one asset or sensor (the live index when it has it, else the
 * database), the source that reports it, and its latest reading per metric.
 */
import { AppError } from '@vigie/contracts/errors';
import { ZEntityDetails, ZEntityDetailsInput } from '@vigie/contracts/entity-api';
import type { TEntityDetails } from '@vigie/contracts/entity-api';
import { getAsset } from '@vigie/db/assets-repository';
import { getSensor } from '@vigie/db/sensors-repository';
import { entityFromAsset, entityFromSensor, lastReadingsOfSensor } from '../live/entity-from-state';
import { assertEntityVisible } from './assert-entity-visible';
import { procedureWith } from './trpc-init';

export const getEntityDetails = procedureWith('map.view', 'map.view_nearby')
  .input(ZEntityDetailsInput)
  .output(ZEntityDetails)
  .query(async ({ ctx, input }): Promise<TEntityDetails> => {
    const { db } = ctx.services.database;
    const live = ctx.services.index.get(input.id)?.entity;
    const [asset, sensor] =
      live?.entityKind === 'sensor'
        ? [null, await getSensor(db, input.id)]
        : live !== undefined
          ? [await getAsset(db, input.id), null]
          : await Promise.all([getAsset(db, input.id), getSensor(db, input.id)]);
    const entity =
      live ??
      (asset !== null ? entityFromAsset(asset) : null) ??
      (sensor !== null ? entityFromSensor(sensor) : null);
    if (entity === null || entity === undefined) throw new AppError('NOT_FOUND', `No entity ${input.id}`);
    await assertEntityVisible(ctx.services, ctx.user, ctx.ip, {
      id: entity.entityId,
      position: entity.position ?? null,
    });
    const source = asset?.source ?? sensor?.source ?? undefined;
    const lastReadings = entity.lastReadings ?? (sensor !== null ? lastReadingsOfSensor(sensor) : []);
    return { entity, ...(source ? { source: source.slice(0, 128) } : {}), lastReadings };
  });
