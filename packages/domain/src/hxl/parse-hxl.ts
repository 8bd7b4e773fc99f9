/**
 * HXL (Humanitarian Exchange Language) tables: a CSV whose hashtag row (`#org`, `#adm1 +name`,
 * `#item+code`…) sits anywhere in the first rows, under zero or more rows of human headers. Also
 * the two HXL JSON forms (array of arrays; array of objects keyed by tag spec).
 *
 * Pure and total: returns the table or a reason a person can act on; never throws on input.
 * Tag specs are normalised: lower case, spaces removed (`#adm1 +code` = `#adm1+code`), the 2014 beta
 * tags that have a modern equivalent rewritten (`#lat_deg` → `#geo+lat`, `#adm1_id` → `#adm1+code`),
 * a `/xx` language suffix kept as attribute `+i_xx`.
 */
import { decodeText } from './decode-text';
import type { TextEncodingName } from './decode-text';
import { parseCsv } from './parse-csv';

/** The hashtag row must be among this many first rows. */
export const HASHTAG_ROW_SEARCH = 25;

export interface HxlColumn {
  /** 0-based column index. */
  index: number;
  /** Text of the header row just above the hashtag row, if any. */
  header?: string;
  /** Tag without `#`, lower case: `adm1`, `item`, `x_quantity`. */
  tag: string;
  /** Attributes without `+`, lower case, in file order. */
  attributes: string[];
  /** Normalised spec: `#adm1+code`. */
  spec: string;
}

export interface HxlRow {
  /** 1-based record number in the file (the hashtag row of a plain HXL CSV is 2 when one header row precedes it). */
  row: number;
  values: string[];
}

export interface HxlTable {
  encoding: TextEncodingName;
  /** 1-based record number of the hashtag row. */
  hashtagRow: number;
  columns: HxlColumn[];
  rows: HxlRow[];
  /** Things a person may want to fix in the file, though the table was read. */
  warnings: string[];
}

export type HxlParseResult = { ok: true; table: HxlTable } | { ok: false; reason: string };

export interface HxlParseOptions {
  /** Refuse tables with more data rows than this. Default 100 000. */
  maxRows?: number;
}

/** 2014 beta tags and their HXL 1.x equivalents. */
const LEGACY_TAGS: Readonly<Record<string, string>> = {
  lat_deg: 'geo+lat',
  lon_deg: 'geo+lon',
  adm1_id: 'adm1+code',
  adm2_id: 'adm2+code',
  adm3_id: 'adm3+code',
  country_id: 'country+code',
  org_id: 'org+code',
  activity_id: 'activity+code',
  report_date: 'date+reported',
  period_date: 'date',
  people_num: 'population',
  households_num: 'population+hh',
  loctype: 'loc+type',
};

const TAG_SPEC = /^#([a-z][a-z0-9_]*)((?:\+[a-z][a-z0-9_]*)*)$/;

export type TagSpecResult = { ok: true; tag: string; attributes: string[] } | { ok: false; reason: string };

/** Parses one hashtag cell (`#adm1 +name`, `#Country/en`, `#lat_deg`). */
export function parseTagSpec(cell: string): TagSpecResult {
  let spec = cell.trim().toLowerCase().replace(/\s+/g, '');
  const language = /^(#[a-z][a-z0-9_]*)\/([a-z]{2,3})(.*)$/.exec(spec);
  if (language) spec = `${language[1]}${language[3]}+i_${language[2]}`;
  const match = TAG_SPEC.exec(spec);
  if (!match)
    return {
      ok: false,
      reason: `"${clip(cell.trim())}" is not a valid HXL tag (#tag+attribute, letters, digits and _ only)`,
    };
  let tag = match[1] as string;
  let attributes = (match[2] ?? '').split('+').filter((a) => a !== '');
  const modern = LEGACY_TAGS[tag];
  if (modern !== undefined) {
    const [modernTag = tag, ...modernAttributes] = modern.split('+');
    tag = modernTag;
    attributes = [...modernAttributes, ...attributes];
  }
  return { ok: true, tag, attributes };
}

function isHashtagRow(row: readonly string[]): boolean {
  const cells = row.map((c) => c.trim()).filter((c) => c !== '');
  if (cells.length === 0) return false;
  const tagged = cells.filter((c) => c.startsWith('#')).length;
  return tagged > 0 && tagged * 2 >= cells.length;
}

/** Parses a HXL CSV (bytes in UTF-8 or Windows-1252, or text). */
export function parseHxlCsv(input: Uint8Array | string, options: HxlParseOptions = {}): HxlParseResult {
  const { text, encoding } = decodeText(input);
  const maxRows = options.maxRows ?? 100_000;
  const csv = parseCsv(text, { maxRows: maxRows + HASHTAG_ROW_SEARCH + 1 });
  if (csv.truncated) return { ok: false, reason: `more than ${maxRows} data rows; split the file` };
  return tableFromRows(csv.rows, encoding);
}

function tableFromRows(rows: readonly string[][], encoding: TextEncodingName): HxlParseResult {
  const limit = Math.min(rows.length, HASHTAG_ROW_SEARCH);
  let tagRowIndex = -1;
  for (let i = 0; i < limit; i++) {
    if (isHashtagRow(rows[i] ?? [])) {
      tagRowIndex = i;
      break;
    }
  }
  if (tagRowIndex < 0) {
    return {
      ok: false,
      reason: `no HXL hashtag row in the first ${HASHTAG_ROW_SEARCH} rows: add a row of tags such as #item+code,#loc+name,#meta+quantity under the headers`,
    };
  }
  const warnings: string[] = [];
  const tagRow = rows[tagRowIndex] ?? [];
  const headerRow = tagRowIndex > 0 ? rows[tagRowIndex - 1] : undefined;
  const columns: HxlColumn[] = [];
  tagRow.forEach((cell, index) => {
    const trimmed = cell.trim();
    if (trimmed === '') return;
    const letter = columnName(index);
    if (!trimmed.startsWith('#')) {
      warnings.push(
        `column ${letter}: "${clip(trimmed)}" in the hashtag row does not start with "#"; column ignored`,
      );
      return;
    }
    const spec = parseTagSpec(trimmed);
    if (!spec.ok) {
      warnings.push(`column ${letter}: ${spec.reason}; column ignored`);
      return;
    }
    const header = headerRow?.[index]?.trim();
    columns.push({
      index,
      ...(header ? { header } : {}),
      tag: spec.tag,
      attributes: spec.attributes,
      spec: `#${[spec.tag, ...spec.attributes].join('+')}`,
    });
  });
  const dataRows: HxlRow[] = [];
  for (let i = tagRowIndex + 1; i < rows.length; i++) {
    const values = rows[i] ?? [];
    if (values.every((v) => v.trim() === '')) continue;
    dataRows.push({ row: i + 1, values });
  }
  return { ok: true, table: { encoding, hashtagRow: tagRowIndex + 1, columns, rows: dataRows, warnings } };
}

/**
 * HXL JSON: an array of arrays (rows, one of them the hashtag row) or an array of objects keyed by tag
 * spec. Anything else is refused with the reason.
 */
export function parseHxlJson(input: Uint8Array | string): HxlParseResult {
  const { text } = decodeText(input);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!Array.isArray(data) || data.length === 0) {
    return {
      ok: false,
      reason: 'HXL JSON must be a non-empty array of rows (arrays) or of objects keyed by tag',
    };
  }
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (data.every((r) => Array.isArray(r))) {
    return tableFromRows(
      (data as unknown[][]).map((r) => r.map(cell)),
      'utf-8',
    );
  }
  if (data.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
    const keys: string[] = [];
    for (const r of data as Record<string, unknown>[])
      for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    const rows = [keys, ...(data as Record<string, unknown>[]).map((r) => keys.map((k) => cell(r[k])))];
    return tableFromRows(rows, 'utf-8');
  }
  return {
    ok: false,
    reason: 'HXL JSON must be an array of rows (arrays) or of objects keyed by tag, not a mix',
  };
}

/** Does `column` match a pattern such as `#item+code` (its tag, and at least these attributes)? */
export function columnMatches(column: HxlColumn, pattern: string): boolean {
  const [tag = '', ...attributes] = pattern.replace(/^#/, '').split('+');
  return column.tag === tag && attributes.every((a) => column.attributes.includes(a));
}

/** The first column matching one of the patterns, tried in order. */
export function findColumn(table: Pick<HxlTable, 'columns'>, ...patterns: string[]): HxlColumn | undefined {
  for (const pattern of patterns) {
    const found = table.columns.find((c) => columnMatches(c, pattern));
    if (found) return found;
  }
  return undefined;
}

/** Spreadsheet letter of a 0-based column index (A, B, … Z, AA…). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
