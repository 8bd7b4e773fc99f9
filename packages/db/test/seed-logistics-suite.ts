/**
 * The logistics seed on a real database: the southern-Haiti warehouses, their stock and the vehicles'
 * capacities are inserted once; a second run changes nothing, and never undoes what happened since
 * (stock counted or reserved, an asset's own attributes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAsset } from '../src/assets-repository';
import type { Database } from '../src/database';
import { assetsByIds } from '../src/dispatches-repository';
import { HAITI_SOUTH_LOGISTICS, RELIEF_ITEMS } from '../src/haiti-south-logistics';
import { seedLogistics } from '../src/seed-logistics';
import { applyInventoryChange, getStock, reserveStock, warehouseStock } from '../src/stock-repository';

export function runSeedLogisticsSuite(
  name: string,
  open: () => Promise<Database>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    it('seeds warehouses, stock and capacities once, and keeps later changes on a second run', async () => {
      const db = database.db;
      // A vehicle already known with an attribute of its own keeps it, and gains a capacity.
      await upsertAsset(db, {
        id: 'hti-truck-001',
        kind: 'vehicle',
        name: 'Camion 001',
        attrs: { org: 'PAM' },
      });

      const first = await seedLogistics(db, HAITI_SOUTH_LOGISTICS);
      expect(first).toEqual({ warehouses: 5, stockLines: 25, vehicles: 129 });

      const cayes = await warehouseStock(db, 'wh-cayes');
      expect(cayes.map((s) => [s.item, s.unit, s.quantity, s.reserved]).sort()).toEqual(
        [
          ['FOOD-KIT', 'kit', 1200, 0],
          ['HYGIENE-KIT', 'kit', 1000, 0],
          ['MED-KIT', 'kit', 300, 0],
          ['SHELTER-KIT', 'kit', 800, 0],
          ['WATER-20L', 'jerrycan', 3000, 0],
        ].sort(),
      );
      expect((await getStock(db, 'wh-jacmel', RELIEF_ITEMS.medical.item))?.quantity).toBe(100);
      const [truck, fourByFour] = await assetsByIds(db, ['hti-truck-001', 'hti-4x4-060']);
      expect(truck).toMatchObject({ capacity: 400, status: 'available' });
      expect(fourByFour).toMatchObject({ capacity: 40, kind: 'vehicle' });

      // Operations move on: water is counted again, medical kits are reserved, a truck is re-rated.
      await applyInventoryChange(
        db,
        { warehouseId: 'wh-cayes', item: 'WATER-20L', unit: 'jerrycan' },
        { op: 'set', quantity: 2500 },
        { actor: 'u-logistician' },
      );
      await reserveStock(db, 'wh-cayes', 'MED-KIT', 50, { actor: 'u-coord' });
      await upsertAsset(db, {
        id: 'hti-truck-002',
        kind: 'vehicle',
        name: 'Camion 002',
        attrs: { capacity: 250 },
      });

      const second = await seedLogistics(db, HAITI_SOUTH_LOGISTICS);
      expect(second).toEqual({ warehouses: 0, stockLines: 0, vehicles: 0 });
      expect(await getStock(db, 'wh-cayes', 'WATER-20L')).toMatchObject({ quantity: 2500, reserved: 0 });
      expect(await getStock(db, 'wh-cayes', 'MED-KIT')).toMatchObject({ quantity: 300, reserved: 50 });
      const again = await assetsByIds(db, ['hti-truck-001', 'hti-truck-002']);
      expect(again.find((a) => a.id === 'hti-truck-002')?.capacity).toBe(250);
      expect(again.find((a) => a.id === 'hti-truck-001')?.capacity).toBe(400);
    });
  });
}
