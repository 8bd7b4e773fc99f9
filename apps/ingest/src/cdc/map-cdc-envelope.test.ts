import { describe, expect, it } from 'vitest';
import { decodeConnectDecimal, mapCdcEnvelope } from './map-cdc-envelope';

const options = { defaultUnit: 'pcs', now: Date.parse('2021-08-16T15:00:00Z') };
const source = {
  connector: 'postgresql',
  db: 'stock',
  schema: 'public',
  table: 'stock_levels',
  lsn: 33_841_872,
  ts_ms: 1_629_122_400_000,
};

function envelope(op: string, before: unknown, after: unknown) {
  return JSON.stringify({ before, after, op, source, ts_ms: 1_629_122_401_000 });
}

describe('mapCdcEnvelope', () => {
  it('sets the new quantity on insert, snapshot and update, at the source time', () => {
    for (const op of ['c', 'r', 'u']) {
      const result = mapCdcEnvelope(
        envelope(op, op === 'u' ? { warehouse_id: 'WH-1', item_code: 'SOAP', quantity: 3 } : null, {
          warehouse_id: 'WH-1',
          item_code: 'SOAP',
          item_name: 'Savon',
          quantity: 40,
          unit: 'kg',
        }),
        options,
      );
      expect(result).toMatchObject({
        kind: 'inventory',
        occurredAt: '2021-08-16T14:00:00.000Z',
        payload: {
          op: 'set',
          warehouseId: 'WH-1',
          itemCode: 'SOAP',
          itemName: 'Savon',
          quantity: 40,
          unit: 'kg',
          ref: 'cdc:33841872',
        },
      });
    }
  });

  it('sets 0 on delete, from the row before', () => {
    const result = mapCdcEnvelope(
      envelope('d', { warehouse_id: 'WH-1', sku: 'SOAP', qty: 7 }, null),
      options,
    );
    expect(result).toMatchObject({
      kind: 'inventory',
      payload: { warehouseId: 'WH-1', itemCode: 'SOAP', quantity: 0, unit: 'pcs' },
    });
    expect(result.kind === 'inventory' && result.payload.reason).toContain(
      'row deleted in stock.public.stock_levels',
    );
  });

  it('unwraps the schema/payload form and decodes Decimal bytes with the schema scale', () => {
    const schema = {
      type: 'struct',
      fields: [
        { field: 'before', type: 'struct', fields: [] },
        {
          field: 'after',
          type: 'struct',
          fields: [
            { field: 'warehouse_id', type: 'string' },
            {
              field: 'quantity',
              type: 'bytes',
              name: 'org.apache.kafka.connect.data.Decimal',
              parameters: { scale: '2' },
            },
          ],
        },
      ],
    };
    // 12345 = 0x3039 → 123.45 with scale 2
    const payload = {
      before: null,
      after: { warehouse_id: 'WH-2', item_code: 'RICE', quantity: 'MDk=' },
      op: 'c',
      source,
    };
    const result = mapCdcEnvelope(JSON.stringify({ schema, payload }), options);
    expect(result).toMatchObject({
      kind: 'inventory',
      payload: { warehouseId: 'WH-2', itemCode: 'RICE', quantity: 123.45 },
    });
  });

  it('skips tombstones: empty value, null, and a null payload', () => {
    expect(mapCdcEnvelope(null, options).kind).toBe('skip');
    expect(mapCdcEnvelope('', options).kind).toBe('skip');
    expect(mapCdcEnvelope('null', options).kind).toBe('skip');
    expect(mapCdcEnvelope('{"schema":{},"payload":null}', options).kind).toBe('skip');
  });

  it('says why a malformed event is refused', () => {
    const cases: [string, string][] = [
      ['{not json', 'not UTF-8 JSON'],
      ['[1]', 'JSON object'],
      [envelope('x', null, {}), 'expected c, r, u or d'],
      [envelope('d', null, null), 'without "before"'],
      [envelope('c', null, { item_code: 'A', quantity: 1 }), 'no warehouse column'],
      [envelope('c', null, { warehouse_id: 'W', quantity: 1 }), 'no item column'],
      [envelope('c', null, { warehouse_id: 'W', item_code: 'A' }), 'no quantity column'],
      [envelope('c', null, { warehouse_id: 'W', item_code: 'A', quantity: 'AAE=' }), 'not a number'],
    ];
    for (const [value, reason] of cases) {
      const result = mapCdcEnvelope(value, options);
      expect(result.kind, value).toBe('invalid');
      if (result.kind === 'invalid') expect(result.reason).toContain(reason);
    }
  });

  it('falls back to the envelope time, then to now', () => {
    const noSourceTime = JSON.stringify({
      op: 'c',
      after: { warehouse_id: 'W', item_code: 'A', quantity: 1 },
      ts_ms: 1_629_122_460_000,
    });
    expect(mapCdcEnvelope(noSourceTime, options)).toMatchObject({ occurredAt: '2021-08-16T14:01:00.000Z' });
    const noTime = JSON.stringify({ op: 'c', after: { warehouse_id: 'W', item_code: 'A', quantity: '2.5' } });
    expect(mapCdcEnvelope(noTime, options)).toMatchObject({
      occurredAt: '2021-08-16T15:00:00.000Z',
      payload: { quantity: 2.5 },
    });
  });
});

it('decodes negative Connect decimals', () => {
  expect(decodeConnectDecimal(Buffer.from([0xff, 0x38]).toString('base64'), 1)).toBe(-20);
});
