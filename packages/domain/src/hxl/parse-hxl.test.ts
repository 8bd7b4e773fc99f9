import { describe, expect, it } from 'vitest';
import { columnName, parseHxlCsv, parseHxlJson, parseTagSpec } from './parse-hxl';

describe('parseTagSpec', () => {
  it('normalises case and spaces between attributes', () => {
    expect(parseTagSpec('#Adm1 +Code')).toEqual({ ok: true, tag: 'adm1', attributes: ['code'] });
  });
  it('rewrites 2014 beta tags and language suffixes', () => {
    expect(parseTagSpec('#lat_deg')).toEqual({ ok: true, tag: 'geo', attributes: ['lat'] });
    expect(parseTagSpec('#country/fr')).toEqual({ ok: true, tag: 'country', attributes: ['i_fr'] });
  });
  it('refuses characters outside the tag alphabet', () => {
    const result = parseTagSpec('#sector?');
    expect(result.ok).toBe(false);
  });
});

describe('parseHxlCsv', () => {
  it('finds the hashtag row below several header rows and keeps the header above it', () => {
    const csv =
      'Stock report,,\nWarehouse,Item,Qty\n#loc+name,#item+code,#meta+quantity\nLes Cayes,WASH-KIT,12\n';
    const result = parseHxlCsv(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.hashtagRow).toBe(3);
    expect(result.table.columns.map((c) => [c.spec, c.header])).toEqual([
      ['#loc+name', 'Warehouse'],
      ['#item+code', 'Item'],
      ['#meta+quantity', 'Qty'],
    ]);
    expect(result.table.rows).toEqual([{ row: 4, values: ['Les Cayes', 'WASH-KIT', '12'] }]);
  });

  it('reads Latin-1 bytes when they are not valid UTF-8', () => {
    const bytes = Buffer.from(
      '#loc+name,#item+name,#meta+quantity\nEntrep\xf4t J\xe9r\xe9mie,Savon,5\n',
      'latin1',
    );
    const result = parseHxlCsv(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.encoding).toBe('windows-1252');
    expect(result.table.rows[0]?.values[0]).toBe('Entrepôt Jérémie');
  });

  it('keeps UTF-8 text as UTF-8 and drops the BOM', () => {
    const bytes = Buffer.from('\uFEFF#loc+name,#meta+quantity\nJérémie,5\n', 'utf8');
    const result = parseHxlCsv(bytes);
    expect(result.ok && result.table.encoding).toBe('utf-8');
    expect(result.ok && result.table.rows[0]?.values[0]).toBe('Jérémie');
    expect(result.ok && result.table.columns[0]?.spec).toBe('#loc+name');
  });

  it('warns about cells of the hashtag row that are not tags and ignores their columns', () => {
    const result = parseHxlCsv('#org,country,#sector?,#adm1\nMSF,Haiti,Health,Sud\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.columns.map((c) => c.spec)).toEqual(['#org', '#adm1']);
    expect(result.table.warnings).toHaveLength(2);
    expect(result.table.warnings[0]).toContain('column B');
  });

  it('refuses a file without a hashtag row, saying what to add', () => {
    const result = parseHxlCsv('a,b\n1,2\n');
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toContain('hashtag row');
  });

  it('handles quoted fields with commas, quotes and line breaks', () => {
    const result = parseHxlCsv('#org,#meta+comment\n"MSF, OCG","said ""hi""\nthen left"\n');
    expect(result.ok && result.table.rows[0]?.values).toEqual(['MSF, OCG', 'said "hi"\nthen left']);
  });

  it('reads semicolon-separated exports', () => {
    const result = parseHxlCsv('#loc+name;#meta+quantity\nJacmel;1 250,5\n');
    expect(result.ok && result.table.rows[0]?.values).toEqual(['Jacmel', '1 250,5']);
  });
});

describe('parseHxlJson', () => {
  it('reads arrays of arrays and arrays of objects', () => {
    const arrays = parseHxlJson(JSON.stringify([['Org'], ['#org'], ['MSF']]));
    expect(arrays.ok && arrays.table.rows[0]?.values).toEqual(['MSF']);
    const objects = parseHxlJson(JSON.stringify([{ '#org': 'MSF', '#adm1': 'Sud' }]));
    expect(objects.ok && objects.table.columns.map((c) => c.spec)).toEqual(['#org', '#adm1']);
  });
  it('refuses JSON that is not a table', () => {
    expect(parseHxlJson('{"rules": []}').ok).toBe(false);
  });
});

it('names columns like a spreadsheet', () => {
  expect([0, 25, 26, 27, 701].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
});
