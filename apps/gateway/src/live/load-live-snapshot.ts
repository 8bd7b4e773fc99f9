/** Fills the entity index with the current state of every asset and sensor in the database. */
import type { TLiveEntityV1 } from '@vigie/contracts/live-entities';
import type { Db } from '@vigie/db/database';
import { loadAssetStates, loadSensorStates } from '@vigie/db/live-state-repository';
import type { EntityIndex } from './entity-index';
import { entityFromAsset, entityFromSensor } from './entity-from-state';

export interface SnapshotLoadResult {
  loaded: number;
  /** Rows that could not make a valid live entity (skipped). */
  invalid: number;
}

export async function loadLiveSnapshot(db: Db, index: EntityIndex): Promise<SnapshotLoadResult> {
  const now = Date.now();
  const [assets, sensors] = [await loadAssetStates(db), await loadSensorStates(db)];
  const entities: TLiveEntityV1[] = [];
  let invalid = 0;
  for (const asset of assets) {
    const entity = entityFromAsset(asset, now);
    if (entity === null) invalid++;
    else entities.push(entity);
  }
  for (const sensor of sensors) {
    const entity = entityFromSensor(sensor, now);
    if (entity === null) invalid++;
    else entities.push(entity);
  }
  return { loaded: index.applySnapshot(entities), invalid };
}
