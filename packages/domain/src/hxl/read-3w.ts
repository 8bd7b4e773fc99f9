/**
 * 3W tables (who does what where) in HXL: each row becomes an activity of an organisation, in a sector,
 * at a place. Rows naming neither an organisation nor a sector or activity are listed as errors.
 */
import { findColumn, parseHxlCsv } from './parse-hxl';
import type { HxlParseOptions, HxlTable } from './parse-hxl';
import { parseQuantity } from './parse-quantity';

export interface ThreeWEntry {
  row: number;
  who: { name?: string; acronym?: string; code?: string; type?: string };
  what: { sector?: string; subsector?: string; activity?: string };
  where: {
    country?: string;
    adm1?: string;
    adm2?: string;
    adm3?: string;
    location?: string;
    position?: { lon: number; lat: number };
  };
  when?: string;
  targeted?: number;
  reached?: number;
}

export interface ThreeWResult {
  entries: ThreeWEntry[];
  errors: { row: number; reason: string }[];
  warnings: string[];
}

export type ThreeWReadResult = { ok: true; result: ThreeWResult } | { ok: false; reason: string };

export function readThreeWTable(table: HxlTable): ThreeWReadResult {
  const col = (...patterns: string[]) => findColumn(table, ...patterns)?.index;
  const c = {
    orgName: col('#org+name', '#org'),
    orgAcronym: col('#org+acronym'),
    orgCode: col('#org+code'),
    orgType: col('#org+type'),
    sector: col('#sector+name', '#sector+cluster', '#sector'),
    subsector: col('#subsector'),
    activity: col('#activity+name', '#activity'),
    country: col('#country+name', '#country'),
    adm1: col('#adm1+name', '#adm1'),
    adm2: col('#adm2+name', '#adm2'),
    adm3: col('#adm3+name', '#adm3'),
    location: col('#loc+name', '#loc'),
    lat: col('#geo+lat'),
    lon: col('#geo+lon'),
    when: col('#date+reported', '#date'),
    targeted: col('#targeted'),
    reached: col('#reached'),
  };
  const hasWho = c.orgName !== undefined || c.orgAcronym !== undefined || c.orgCode !== undefined;
  const hasWhat = c.sector !== undefined || c.activity !== undefined;
  if (!hasWho || !hasWhat) {
    return {
      ok: false,
      reason: `not a 3W table: it needs an organisation column (#org) and a sector or activity column (#sector, #activity); it has ${table.columns.map((x) => x.spec).join(', ') || 'no tags'}`,
    };
  }
  const entries: ThreeWEntry[] = [];
  const errors: ThreeWResult['errors'] = [];
  for (const { row, values } of table.rows) {
    const cell = (i: number | undefined) => (i === undefined ? '' : (values[i] ?? '').trim());
    const set = <T extends object>(target: T, key: keyof T, i: number | undefined) => {
      const v = cell(i);
      if (v !== '') (target as Record<keyof T, string>)[key] = v;
    };
    const entry: ThreeWEntry = { row, who: {}, what: {}, where: {} };
    set(entry.who, 'name', c.orgName);
    set(entry.who, 'acronym', c.orgAcronym);
    set(entry.who, 'code', c.orgCode);
    set(entry.who, 'type', c.orgType);
    set(entry.what, 'sector', c.sector);
    set(entry.what, 'subsector', c.subsector);
    set(entry.what, 'activity', c.activity);
    set(entry.where, 'country', c.country);
    set(entry.where, 'adm1', c.adm1);
    set(entry.where, 'adm2', c.adm2);
    set(entry.where, 'adm3', c.adm3);
    set(entry.where, 'location', c.location);
    if (Object.keys(entry.who).length === 0 || Object.keys(entry.what).length === 0) {
      errors.push({ row, reason: 'no organisation or no sector/activity in this row' });
      continue;
    }
    if (cell(c.lat) !== '' && cell(c.lon) !== '') {
      const lat = parseQuantity(cell(c.lat));
      const lon = parseQuantity(cell(c.lon));
      if (lat.ok && lon.ok && Math.abs(lat.value) <= 90 && Math.abs(lon.value) <= 180) {
        entry.where.position = { lon: lon.value, lat: lat.value };
      } else {
        errors.push({
          row,
          reason: `position "${cell(c.lat)}, ${cell(c.lon)}" is not a latitude, longitude; kept without it`,
        });
      }
    }
    const when = cell(c.when);
    if (when !== '') entry.when = when;
    for (const key of ['targeted', 'reached'] as const) {
      const q = parseQuantity(cell(c[key]));
      if (q.ok) entry[key] = q.value;
    }
    entries.push(entry);
  }
  return { ok: true, result: { entries, errors, warnings: table.warnings } };
}

/** Reads a 3W CSV (HXL) in one step. */
export function readThreeWFile(input: Uint8Array | string, options: HxlParseOptions = {}): ThreeWReadResult {
  const parsed = parseHxlCsv(input, options);
  if (!parsed.ok) return parsed;
  return readThreeWTable(parsed.table);
}
