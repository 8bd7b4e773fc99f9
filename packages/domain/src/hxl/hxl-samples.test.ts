/**
 * Every HXL sample of the shared samples folder is read, or refused with a reason a person can act on.
 * Skips with a message when the folder is absent (set VIGIE_SAMPLES_DIR).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHxlCsv, parseHxlJson } from './parse-hxl';
import { readThreeWFile } from './read-3w';
import { readStockFile } from './read-stock';

const SAMPLES =
  process.env.VIGIE_SAMPLES_DIR ?? new URL('../../../../../shared/samples', import.meta.url).pathname;
const HXL = join(SAMPLES, 'hxl');
const present = existsSync(HXL);
if (!present) console.warn(`[skip] HXL samples not found at ${HXL}: set VIGIE_SAMPLES_DIR`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// Skipped only when ../shared/samples is absent (a checkout without the shared folder), with a warning;
// under CI=true the run's reporter fails on any skip, so CI always runs these.
describe.skipIf(!present)('HXL samples', () => {
  const read = (name: string) => readFileSync(join(HXL, name));

  it('reads every file or refuses it with a reason, and never throws', () => {
    for (const path of files(HXL)) {
      const bytes = readFileSync(path);
      const result = path.endsWith('.json') ? parseHxlJson(bytes) : parseHxlCsv(bytes);
      if (!result.ok) expect(result.reason, path).toMatch(/hashtag row|HXL JSON|not JSON/);
      const stock = readStockFile(bytes);
      if (!stock.ok) expect(stock.reason.length, path).toBeGreaterThan(20);
    }
  });

  it('reads the Iraq 3W row with spaced attributes (#adm1 +code)', () => {
    const result = readThreeWFile(read('ocha-3w-iraq-spaced-attributes.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result.entries).toEqual([
      {
        row: 3,
        who: { name: 'Danish Refugee Council', acronym: 'DRC', type: 'INGO' },
        what: { sector: 'General Protection' },
        where: {
          adm1: 'Al-Anbar',
          adm2: 'Al-Falluja',
          adm3: 'Al-Amirya',
          location: 'Amriyat Al-Fallujahsector 3',
        },
        when: '2021-01',
      },
    ]);
  });

  it('reads the Spanish 3W under two header rows, with targeted numbers', () => {
    const result = readThreeWFile(read('libhxl-input-valid-es-attributes.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result.entries[0]).toMatchObject({
      row: 4,
      who: { name: 'ACNUR' },
      what: { sector: 'WASH', subsector: 'Higiene' },
      where: { country: 'Panamá', adm1: 'Los Santos' },
      targeted: 100,
    });
  });

  it('ignores the untagged cells of the fuzzy file with a warning per column', () => {
    const result = parseHxlCsv(read('libhxl-input-fuzzy-invalid-tags.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.warnings.join('\n')).toMatch(/column G: "country".*does not start with "#"/);
  });

  it('reports the invalid tag #sector? of the Sahel HNO and reads its quoted thousands', () => {
    const result = parseHxlCsv(read('ocha-hno-2017-sahel-nutrition.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.warnings.join('\n')).toContain('"#sector?" is not a valid HXL tag');
    expect(result.table.rows[0]?.values.slice(0, 3)).toEqual(['Burkina Faso', 'MAM', '433,412']);
  });

  it('places the 2014 UNHCR 3W rows with their lat/lon (beta tags #lat_deg/#lon_deg)', () => {
    const result = readThreeWFile(read('legacy-beta-tags/unhcr-3w-latlon.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.result.entries[0]).toMatchObject({
      who: { name: 'CNARR' },
      what: { sector: 'Camp Management' },
      where: { country: 'Chad', adm1: 'Logone Oriental', position: { lat: 8.25, lon: 16.42 } },
    });
  });

  it('refuses the 2014 tag dictionary (tags as data, no hashtag row) and reads the schema as rules, not 3W', () => {
    const dictionary = parseHxlCsv(read('legacy-beta-tags/hxl-beta-tag-dictionary-2014.csv'));
    expect(dictionary.ok).toBe(false);
    const schema = parseHxlJson(read('libhxl-default-schema.json'));
    expect(schema.ok && schema.table.columns.map((c) => c.spec)).toContain('#valid_tag');
    if (!schema.ok) return;
    const threeW = readThreeWFile(read('libhxl-default-schema.json'));
    expect(threeW.ok).toBe(false);
  });

  it('reads the HXL JSON samples in both forms', () => {
    const arrays = parseHxlJson(read('libhxl-input-valid-arrays.json'));
    const objects = parseHxlJson(read('libhxl-input-valid-objects.json'));
    expect(arrays.ok && arrays.table.rows.length).toBeGreaterThan(0);
    expect(objects.ok && objects.table.rows.length).toBeGreaterThan(0);
  });

  it('refuses the 3W samples as stock files, naming the missing quantity column', () => {
    const result = readStockFile(read('ocha-3w-iraq-spaced-attributes.csv'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('quantity');
  });
});
