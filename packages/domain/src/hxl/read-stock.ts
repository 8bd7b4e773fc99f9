/**
 * Stock files from coordinators, as HXL-tagged CSV or plain CSV, read into stock lines: one counted
 * quantity of one item in one warehouse. The caller turns each line into a `raw.inventory` `set`.
 *
 * HXL columns (first match wins):
 * | what            | tags                                                                  |
 * | --------------- | --------------------------------------------------------------------- |
 * | warehouse id    | `#loc+code`, `#loc+id`, `#x_warehouse+code`, `#x_warehouse`           |
 * | warehouse name  | `#loc+name`, `#x_warehouse+name`, `#loc`                              |
 * | position        | `#geo+lat` and `#geo+lon` (2014 `#lat_deg`/`#lon_deg` too)           |
 * | region          | `#adm1+name`, `#adm1`; `#adm1+code`                                   |
 * | organisation    | `#org+name`, `#org`                                                   |
 * | item code, name | `#item+code`; `#item+name`, `#item`                                   |
 * | quantity        | `#meta+quantity`, `#x_quantity`, `#quantity`, `#item+quantity`        |
 * | unit            | `#meta+unit`, `#x_unit`, `#item+unit`, `#unit`                        |
 *
 * Plain CSV: a header row naming `warehouse` (or `warehouse_id`), `item` (or `item_code`), `quantity`
 * (or `qty`) and `unit`, optionally `item_name`, `warehouse_name`, `lat`, `lon`, `region`.
 *
 * A warehouse without an id column gets one derived from its name (`Entrepôt Les Cayes` →
 * `entrepot-les-cayes`), and likewise an item without a code. Numbers may carry spaces, thin spaces
 * or comma decimals (`1 250`, `12,5`). Rows that cannot be used are listed with their row number and
 * reason; the others are kept.
 */
import type { TextEncodingName } from './decode-text';
import { decodeText } from './decode-text';
import { parseCsv } from './parse-csv';
import { findColumn, parseHxlCsv } from './parse-hxl';
import type { HxlColumn, HxlRow } from './parse-hxl';
import { parseQuantity } from './parse-quantity';

export interface StockLine {
  /** 1-based record number in the file. */
  row: number;
  warehouseId: string;
  warehouseName?: string;
  position?: { lon: number; lat: number };
  region?: string;
  org?: string;
  itemCode: string;
  itemName?: string;
  quantity: number;
  unit: string;
}

export interface StockRowError {
  row: number;
  /** Column (header or tag) the problem is in, when it is one column. */
  column?: string;
  reason: string;
}

export interface StockFile {
  format: 'hxl' | 'csv';
  encoding: TextEncodingName;
  lines: StockLine[];
  errors: StockRowError[];
  warnings: string[];
}

export type StockReadResult = { ok: true; file: StockFile } | { ok: false; reason: string };

export interface StockReadOptions {
  /** Unit of rows without one (no unit column, or an empty cell). Without it such rows are refused. */
  defaultUnit?: string;
  maxRows?: number;
}

const ID_SAFE = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]*$/;
const UNIT_SAFE = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,15}$/;
const MAX_QUANTITY = 1e12;

/** `Entrepôt Les Cayes` → `entrepot-les-cayes`: an identifier in the contracts' charset. */
export function slugId(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128);
}

interface ColumnMap {
  warehouseId?: number;
  warehouseName?: number;
  lat?: number;
  lon?: number;
  region?: number;
  regionCode?: number;
  org?: number;
  itemCode?: number;
  itemName?: number;
  quantity?: number;
  unit?: number;
}

function index(column: HxlColumn | undefined): number | undefined {
  return column?.index;
}

export function readStockFile(input: Uint8Array | string, options: StockReadOptions = {}): StockReadResult {
  const hxl = parseHxlCsv(input, options.maxRows === undefined ? {} : { maxRows: options.maxRows });
  if (hxl.ok) {
    const table = hxl.table;
    const map: ColumnMap = {
      warehouseId: index(findColumn(table, '#loc+code', '#loc+id', '#x_warehouse+code', '#x_warehouse+id')),
      warehouseName: index(findColumn(table, '#loc+name', '#x_warehouse+name', '#x_warehouse', '#loc')),
      lat: index(findColumn(table, '#geo+lat')),
      lon: index(findColumn(table, '#geo+lon')),
      region: index(findColumn(table, '#adm1+name', '#adm1')),
      regionCode: index(findColumn(table, '#adm1+code')),
      org: index(findColumn(table, '#org+name', '#org')),
      itemCode: index(findColumn(table, '#item+code')),
      itemName: index(findColumn(table, '#item+name', '#item')),
      quantity: index(findColumn(table, '#meta+quantity', '#x_quantity', '#quantity', '#item+quantity')),
      unit: index(findColumn(table, '#meta+unit', '#x_unit', '#item+unit', '#unit')),
    };
    // `#item` alone may also be the item name column already used as code fallback; `#x_warehouse` name only
    // when no id column.
    if (map.warehouseId !== undefined && map.warehouseName === map.warehouseId) delete map.warehouseName;
    const missing = missingColumns(map, {
      warehouse: '#loc+code or #loc+name',
      item: '#item+code or #item+name',
      quantity: '#meta+quantity (or #x_quantity)',
    });
    if (missing) return { ok: false, reason: `HXL stock file without ${missing}` };
    const labels = new Map(table.columns.map((c) => [c.index, c.spec] as const));
    return {
      ok: true,
      file: readRows('hxl', table.encoding, table.rows, map, labels, options, table.warnings),
    };
  }

  // No hashtag row: a plain CSV with a header row.
  const { text, encoding } = decodeText(input);
  const csv = parseCsv(text, { maxRows: (options.maxRows ?? 100_000) + 2 });
  if (csv.truncated)
    return { ok: false, reason: `more than ${options.maxRows ?? 100_000} rows; split the file` };
  const header = (csv.rows[0] ?? []).map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const find = (...names: string[]) => {
    for (const name of names) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    return undefined;
  };
  const map: ColumnMap = {
    warehouseId: find('warehouse', 'warehouse_id', 'warehouse_code'),
    warehouseName: find('warehouse_name'),
    lat: find('lat', 'latitude'),
    lon: find('lon', 'lng', 'longitude'),
    region: find('region', 'adm1'),
    org: find('org', 'organisation', 'organization'),
    itemCode: find('item', 'item_code', 'code'),
    itemName: find('item_name', 'name', 'description'),
    quantity: find('quantity', 'qty', 'stock'),
    unit: find('unit', 'uom'),
  };
  const missing = missingColumns(map, { warehouse: 'warehouse', item: 'item', quantity: 'quantity' });
  if (missing) {
    return {
      ok: false,
      reason: `${hxl.reason}; nor is it a plain stock CSV: its first row lacks ${missing} (expected headers warehouse,item,quantity,unit)`,
    };
  }
  const labels = new Map((csv.rows[0] ?? []).map((h, i) => [i, h.trim()] as const));
  const rows: HxlRow[] = [];
  csv.rows.slice(1).forEach((values, i) => {
    if (values.some((v) => v.trim() !== '')) rows.push({ row: i + 2, values });
  });
  return { ok: true, file: readRows('csv', encoding, rows, map, labels, options, []) };
}

function missingColumns(map: ColumnMap, names: { warehouse: string; item: string; quantity: string }) {
  const missing: string[] = [];
  if (map.warehouseId === undefined && map.warehouseName === undefined)
    missing.push(`a warehouse column (${names.warehouse})`);
  if (map.itemCode === undefined && map.itemName === undefined)
    missing.push(`an item column (${names.item})`);
  if (map.quantity === undefined) missing.push(`a quantity column (${names.quantity})`);
  return missing.length === 0 ? undefined : missing.join(', ');
}

function readRows(
  format: 'hxl' | 'csv',
  encoding: TextEncodingName,
  rows: readonly HxlRow[],
  map: ColumnMap,
  labels: ReadonlyMap<number, string>,
  options: StockReadOptions,
  warnings: string[],
): StockFile {
  const lines: StockLine[] = [];
  const errors: StockRowError[] = [];
  const derivedWarehouse = map.warehouseId === undefined;
  const derivedItem = map.itemCode === undefined;
  if (derivedWarehouse) warnings.push('no warehouse id column: ids are derived from warehouse names');
  if (derivedItem) warnings.push('no item code column: codes are derived from item names');

  for (const { row, values } of rows) {
    const cell = (i: number | undefined) => (i === undefined ? '' : (values[i] ?? '').trim());
    const fail = (column: number | undefined, reason: string) => {
      const label = column === undefined ? undefined : labels.get(column);
      errors.push({ row, ...(label ? { column: label } : {}), reason });
    };
    const warehouseName = cell(map.warehouseName);
    const warehouseId = derivedWarehouse ? slugId(warehouseName) : cell(map.warehouseId);
    if (warehouseId === '') {
      fail(map.warehouseId ?? map.warehouseName, 'no warehouse');
      continue;
    }
    if (!ID_SAFE.test(warehouseId) || warehouseId.length > 128) {
      fail(
        map.warehouseId,
        `warehouse id "${clip(warehouseId)}" may only hold letters, digits and . _ : @ / + # = ~ - (no spaces)`,
      );
      continue;
    }
    const itemName = cell(map.itemName);
    const itemCode = derivedItem ? slugId(itemName) : cell(map.itemCode);
    if (itemCode === '') {
      fail(map.itemCode ?? map.itemName, 'no item code');
      continue;
    }
    if (!ID_SAFE.test(itemCode) || itemCode.length > 128) {
      fail(
        map.itemCode,
        `item code "${clip(itemCode)}" may only hold letters, digits and . _ : @ / + # = ~ - (no spaces)`,
      );
      continue;
    }
    const quantity = parseQuantity(cell(map.quantity));
    if (!quantity.ok) {
      fail(map.quantity, quantity.reason === 'empty' ? 'no quantity' : quantity.reason);
      continue;
    }
    if (quantity.value < 0 || quantity.value > MAX_QUANTITY) {
      fail(map.quantity, `quantity ${quantity.value} is outside 0..${MAX_QUANTITY}`);
      continue;
    }
    const unit = cell(map.unit) || options.defaultUnit || '';
    if (unit === '') {
      fail(map.unit, 'no unit: add a unit column (#meta+unit) or give a default unit');
      continue;
    }
    if (!UNIT_SAFE.test(unit)) {
      fail(map.unit, `unit "${clip(unit)}" must be a short code such as pcs, kg, l, kit, box`);
      continue;
    }
    const line: StockLine = { row, warehouseId, itemCode, quantity: quantity.value, unit };
    if (warehouseName !== '') line.warehouseName = warehouseName;
    if (itemName !== '' && itemName !== itemCode) line.itemName = itemName;
    const region = cell(map.region) || cell(map.regionCode);
    if (region !== '') line.region = region;
    const org = cell(map.org);
    if (org !== '') line.org = org;
    if (map.lat !== undefined && map.lon !== undefined && (cell(map.lat) !== '' || cell(map.lon) !== '')) {
      const lat = parseQuantity(cell(map.lat));
      const lon = parseQuantity(cell(map.lon));
      if (!lat.ok || !lon.ok || Math.abs(lat.value) > 90 || Math.abs(lon.value) > 180) {
        fail(
          map.lat,
          `position "${clip(cell(map.lat))}, ${clip(cell(map.lon))}" is not a latitude, longitude in degrees`,
        );
        continue;
      }
      line.position = { lon: lon.value, lat: lat.value };
    }
    lines.push(line);
  }
  return { format, encoding, lines, errors, warnings };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
