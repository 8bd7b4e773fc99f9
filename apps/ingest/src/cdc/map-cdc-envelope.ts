/**
 * Debezium-style change events of an inventory table → `raw.inventory` `set` payloads.
 *
 * Accepted shapes: the bare envelope `{before, after, op, source, ts_ms}` or the same wrapped as
 * `{schema, payload}` (JSON converter with schemas enabled). `op` `c` (insert), `r` (snapshot read)
 * and `u` (update) set the row's new quantity; `d` (delete) sets the quantity of the deleted row to 0.
 * A tombstone (empty value, or `null`) is skipped. Anything else is `invalid` with the reason (the
 * caller dead-letters it).
 *
 * Row columns, first present wins: warehouse `warehouse_id`, `warehouse`, `warehouseId`,
 * `warehouse_code`; item `item_code`, `item`, `sku`, `itemCode`; quantity `quantity`, `qty`,
 * `on_hand`, `quantity_on_hand`; unit `unit`, `uom` (else the configured default); item name
 * `item_name`, `name`, `description`. Quantities may be numbers, numeric strings
 * (`decimal.handling.mode=string`) or Debezium's base64 `Decimal` bytes when the schema gives the scale.
 */
import type { TInventoryV1 } from '@vigie/contracts/inventory';

export type CdcMapResult =
  | { kind: 'inventory'; occurredAt: string; payload: TInventoryV1 }
  | { kind: 'skip'; reason: string }
  | { kind: 'invalid'; reason: string };

export interface CdcMapOptions {
  /** Unit of rows that have no unit column. */
  defaultUnit: string;
  /** Time to use when the envelope carries none (ms). */
  now: number;
}

type Row = Record<string, unknown>;

const WAREHOUSE = ['warehouse_id', 'warehouse', 'warehouseId', 'warehouse_code'];
const ITEM = ['item_code', 'item', 'sku', 'itemCode'];
const QUANTITY = ['quantity', 'qty', 'on_hand', 'quantity_on_hand'];
const UNIT = ['unit', 'uom'];
const ITEM_NAME = ['item_name', 'name', 'description'];

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(row: Row, names: readonly string[]): { name: string; value: unknown } | undefined {
  for (const name of names)
    if (row[name] !== undefined && row[name] !== null) return { name, value: row[name] };
  return undefined;
}

/** Scale of a Debezium `Decimal` field of the row struct (`before`/`after`) in the Connect schema. */
function decimalScale(schema: unknown, rowField: 'before' | 'after', column: string): number | undefined {
  if (!isObject(schema) || !Array.isArray(schema.fields)) return undefined;
  const row = schema.fields.find((f: unknown) => isObject(f) && f.field === rowField) as Row | undefined;
  if (!row || !Array.isArray(row.fields)) return undefined;
  const field = row.fields.find((f: unknown) => isObject(f) && f.field === column) as Row | undefined;
  if (!field || field.name !== 'org.apache.kafka.connect.data.Decimal') return undefined;
  const scale = isObject(field.parameters) ? Number(field.parameters.scale) : Number.NaN;
  return Number.isInteger(scale) ? scale : undefined;
}

/** Big-endian two's complement bytes (base64) / 10^scale. */
export function decodeConnectDecimal(base64: string, scale: number): number | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > 16) return undefined;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if ((bytes[0] as number) & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return Number(value) / 10 ** scale;
}

function quantityOf(row: Row, schema: unknown, rowField: 'before' | 'after'): number | string {
  const found = pick(row, QUANTITY);
  if (!found) return `no quantity column (${QUANTITY.join(', ')})`;
  const { name, value } = found;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const scale = decimalScale(schema, rowField, name);
    if (scale !== undefined) {
      const decoded = decodeConnectDecimal(value, scale);
      return decoded ?? `${name} "${value.slice(0, 40)}" is not Decimal bytes`;
    }
    if (/^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
    return `${name} "${value.slice(0, 40)}" is not a number (Decimal without its schema? enable schemas or decimal.handling.mode=string)`;
  }
  return `${name} is not a number`;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function timeOf(envelope: Row, options: CdcMapOptions): string {
  const source = isObject(envelope.source) ? envelope.source : {};
  for (const candidate of [source.ts_ms, envelope.ts_ms]) {
    const ms =
      typeof candidate === 'number' ? candidate : typeof candidate === 'string' ? Number(candidate) : NaN;
    if (Number.isFinite(ms) && ms > 0 && ms < 8.64e15) return new Date(ms).toISOString();
  }
  return new Date(options.now).toISOString();
}

/** Maps one change event (the record value, already bytes or text). */
export function mapCdcEnvelope(value: Uint8Array | string | null, options: CdcMapOptions): CdcMapResult {
  if (value === null || value.length === 0) return { kind: 'skip', reason: 'tombstone' };
  let data: unknown;
  try {
    data = JSON.parse(
      typeof value === 'string' ? value : new TextDecoder('utf-8', { fatal: true }).decode(value),
    );
  } catch (error) {
    return {
      kind: 'invalid',
      reason: `not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (data === null) return { kind: 'skip', reason: 'tombstone' };
  if (!isObject(data)) return { kind: 'invalid', reason: 'a change event must be a JSON object' };
  let schema: unknown;
  let envelope: Row = data;
  if ('payload' in data && 'schema' in data) {
    if (data.payload === null) return { kind: 'skip', reason: 'tombstone' };
    if (!isObject(data.payload))
      return { kind: 'invalid', reason: 'payload of the schema/payload wrapper is not an object' };
    schema = data.schema;
    envelope = data.payload;
  }
  const op = envelope.op;
  if (op !== 'c' && op !== 'r' && op !== 'u' && op !== 'd') {
    return {
      kind: 'invalid',
      reason: `op ${JSON.stringify(op)?.slice(0, 20) ?? 'missing'}: expected c, r, u or d`,
    };
  }
  const rowField = op === 'd' ? 'before' : 'after';
  const row = envelope[rowField];
  if (!isObject(row)) {
    return {
      kind: 'invalid',
      reason: `op ${op} without "${rowField}" (for deletes, enable REPLICA IDENTITY FULL or keep the key columns)`,
    };
  }
  const warehouseId = text(pick(row, WAREHOUSE)?.value);
  const itemCode = text(pick(row, ITEM)?.value);
  if (warehouseId === undefined)
    return { kind: 'invalid', reason: `${rowField} has no warehouse column (${WAREHOUSE.join(', ')})` };
  if (itemCode === undefined)
    return { kind: 'invalid', reason: `${rowField} has no item column (${ITEM.join(', ')})` };
  let quantity = 0;
  if (op !== 'd') {
    const q = quantityOf(row, schema, 'after');
    if (typeof q === 'string') return { kind: 'invalid', reason: q };
    quantity = q;
  }
  const unit = text(pick(row, UNIT)?.value) ?? options.defaultUnit;
  const itemName = text(pick(row, ITEM_NAME)?.value);
  const source = isObject(envelope.source) ? envelope.source : {};
  const table = [text(source.db), text(source.schema), text(source.table)]
    .filter((p) => p !== undefined)
    .join('.');
  const payload: TInventoryV1 = {
    op: 'set',
    warehouseId,
    itemCode,
    unit,
    quantity,
    reason:
      `change data capture: ${op === 'd' ? 'row deleted' : op === 'c' ? 'row inserted' : op === 'r' ? 'snapshot' : 'row updated'}${table ? ` in ${table}` : ''}`.slice(
        0,
        500,
      ),
  };
  if (itemName !== undefined) payload.itemName = itemName.slice(0, 200);
  const position = text(source.lsn) ?? text(source.pos) ?? text(source.gtid);
  if (position !== undefined)
    payload.ref = `cdc:${position}`.slice(0, 128).replace(/[^A-Za-z0-9._:@/+#=~-]/g, '_');
  return { kind: 'inventory', occurredAt: timeOf(envelope, options), payload };
}
