import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/v1/raw.inventory.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZInventoryEventV1, ZInventoryV1 } from './inventory';

const adjust = fixture.payload;
const set = { warehouseId: 'wh-beira-1', itemCode: 'WASH-KIT-01', unit: 'kit', op: 'set', quantity: 1_480 };

describe('ZInventoryV1', () => {
  it('accepts a counted level and a movement', () => {
    expectValid(ZInventoryV1, set);
    expectValid(ZInventoryV1, { ...set, quantity: 0 });
    expectValid(ZInventoryV1, adjust);
    expectValid(ZInventoryV1, { ...adjust, delta: 2.5, unit: 'kg' });
  });

  it.each([
    ['quantity', -1],
    ['quantity', Number.NaN],
    ['quantity', 1e13],
    ['warehouseId', 'wh beira'],
    ['itemCode', ''],
    ['unit', 'kits of 10'],
  ])('rejects a set with %s = %s', (path, value) =>
    expectInvalidAt(ZInventoryV1, withPatch(set, path, value), path),
  );

  it.each([
    ['delta', 0],
    ['delta', Number.NEGATIVE_INFINITY],
    ['reason', 'a\u0007'],
  ])('rejects an adjustment with %s = %s', (path, value) =>
    expectInvalidAt(ZInventoryV1, withPatch(adjust, path, value), path),
  );

  it('rejects a missing or unknown op, and a quantity where a delta is expected', () => {
    expectInvalidAt(ZInventoryV1, withPatch(set, 'op', 'replace'), 'op');
    expectInvalidAt(ZInventoryV1, withPatch(set, 'op', undefined), 'op');
    expectInvalidAt(ZInventoryV1, withPatch(set, 'op', 'adjust'), 'delta');
  });

  it('is carried in an inventory v1 envelope', () => {
    expectValid(ZInventoryEventV1, fixture);
    expectInvalidAt(ZInventoryEventV1, withPatch(fixture, 'payload.delta', undefined), 'payload.delta');
  });
});

describe('inventory warehouse details', () => {
  it('carries the name and position of a warehouse the processor may not know yet', () => {
    const parsed = ZInventoryV1.parse({
      op: 'set',
      warehouseId: 'WH-CAYES',
      itemCode: 'WASH-KIT-01',
      unit: 'kit',
      quantity: 12,
      warehouse: { name: 'Les Cayes', position: { lon: -73.75, lat: 18.19 }, region: 'Sud' },
    });
    expect(parsed.warehouse?.position).toEqual({ lon: -73.75, lat: 18.19 });
    expect(() =>
      ZInventoryV1.parse({ ...parsed, warehouse: { name: 'X', position: { lon: 200, lat: 0 } } }),
    ).toThrow();
  });
});
