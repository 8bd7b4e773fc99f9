/**
 * Reading the current state of every asset and sensor back, as the stream processor does when it
 * starts (to seed its last fix per asset and last readings per sensor) and to republish entities.
 * Tables are read in keyset pages by id so that a large fleet never needs one huge result.
 */
import { and, asc, gt, inArray } from 'drizzle-orm';
import type { AssetDto } from './asset-dto';
import { toAssetDto } from './asset-dto';
import type { Db } from './database';
import { assets, sensors } from './schema/tracking';
import type { SensorDto } from './sensors-repository';
import { toSensorDto } from './sensors-repository';

export interface LoadStatesOptions {
  /** Only these ids (any order); every row when absent. */
  ids?: readonly string[];
  /** Rows per round trip (default 5000). */
  pageSize?: number;
}

async function loadPaged<Row extends { id: string }>(
  fetchPage: (afterId: string | null, limit: number) => Promise<Row[]>,
  pageSize: number,
): Promise<Row[]> {
  const all: Row[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page = await fetchPage(afterId, pageSize);
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < pageSize || last === undefined) return all;
    afterId = last.id;
  }
}

/** Current state of assets, by id. */
export async function loadAssetStates(db: Db, options: LoadStatesOptions = {}): Promise<AssetDto[]> {
  if (options.ids !== undefined && options.ids.length === 0) return [];
  const ids = options.ids === undefined ? undefined : [...options.ids];
  const rows = await loadPaged(
    (afterId, limit) =>
      db
        .select()
        .from(assets)
        .where(
          and(
            ids === undefined ? undefined : inArray(assets.id, ids),
            afterId === null ? undefined : gt(assets.id, afterId),
          ),
        )
        .orderBy(asc(assets.id))
        .limit(limit),
    options.pageSize ?? 5000,
  );
  return rows.map(toAssetDto);
}

/** Current state of sensors, by id. */
export async function loadSensorStates(db: Db, options: LoadStatesOptions = {}): Promise<SensorDto[]> {
  if (options.ids !== undefined && options.ids.length === 0) return [];
  const ids = options.ids === undefined ? undefined : [...options.ids];
  const rows = await loadPaged(
    (afterId, limit) =>
      db
        .select()
        .from(sensors)
        .where(
          and(
            ids === undefined ? undefined : inArray(sensors.id, ids),
            afterId === null ? undefined : gt(sensors.id, afterId),
          ),
        )
        .orderBy(asc(sensors.id))
        .limit(limit),
    options.pageSize ?? 5000,
  );
  return rows.map(toSensorDto);
}
