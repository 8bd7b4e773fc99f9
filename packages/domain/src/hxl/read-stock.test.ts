import { describe, expect, it } from 'vitest';
import { readStockFile, slugId } from './read-stock';

describe('readStockFile', () => {
  it('maps an HXL stock file to stock lines with warehouse name, position, region and organisation', () => {
    const csv = [
      'Entrepôt,Code entrepôt,Lat,Lon,Département,Organisation,Code article,Article,Quantité,Unité',
      '#loc+name,#loc+code,#geo+lat,#geo+lon,#adm1+name,#org,#item+code,#item+name,#meta+quantity,#meta+unit',
      'Les Cayes,WH-CAYES,18.1934,-73.7461,Sud,Vigie,WASH-KIT-01,Kit hygiène,1 250,kit',
      'Jérémie,WH-JER,"18,65","-74,11",Grand\'Anse,Vigie,TARP-4x6,Bâche,"12,5",pcs',
    ].join('\n');
    const result = readStockFile(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.format).toBe('hxl');
    expect(result.file.errors).toEqual([]);
    expect(result.file.lines).toEqual([
      {
        row: 3,
        warehouseId: 'WH-CAYES',
        warehouseName: 'Les Cayes',
        position: { lon: -73.7461, lat: 18.1934 },
        region: 'Sud',
        org: 'Vigie',
        itemCode: 'WASH-KIT-01',
        itemName: 'Kit hygiène',
        quantity: 1250,
        unit: 'kit',
      },
      {
        row: 4,
        warehouseId: 'WH-JER',
        warehouseName: 'Jérémie',
        position: { lon: -74.11, lat: 18.65 },
        region: "Grand'Anse",
        org: 'Vigie',
        itemCode: 'TARP-4x6',
        itemName: 'Bâche',
        quantity: 12.5,
        unit: 'pcs',
      },
    ]);
  });

  it('accepts #x_quantity, derives ids from names and uses the default unit', () => {
    const result = readStockFile('#loc+name,#item+name,#x_quantity\nEntrepôt Les Cayes,Savon,40\n', {
      defaultUnit: 'pcs',
    });
    expect(result.ok && result.file.lines).toEqual([
      {
        row: 2,
        warehouseId: 'entrepot-les-cayes',
        warehouseName: 'Entrepôt Les Cayes',
        itemCode: 'savon',
        itemName: 'Savon',
        quantity: 40,
        unit: 'pcs',
      },
    ]);
    expect(result.ok && result.file.warnings).toHaveLength(2);
  });

  it('lists unusable rows with their row number, column and reason and keeps the others', () => {
    const csv = [
      '#loc+code,#item+code,#meta+quantity,#meta+unit',
      'WH-1,ITEM-1,abc,pcs',
      'WH-1,ITEM 2,3,pcs',
      'WH-1,ITEM-3,-4,pcs',
      'WH-1,ITEM-4,5,',
      'WH-1,ITEM-5,6,kg',
    ].join('\n');
    const result = readStockFile(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.lines.map((l) => l.itemCode)).toEqual(['ITEM-5']);
    expect(result.file.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '#meta+quantity'],
      [3, '#item+code'],
      [4, '#meta+quantity'],
      [5, '#meta+unit'],
    ]);
    expect(result.file.errors[0]?.reason).toContain('not a number');
  });

  it('reads a plain CSV (warehouse,item,quantity,unit), in Latin-1', () => {
    const bytes = Buffer.from(
      'warehouse,item,quantity,unit\nWH-1,RIZ-25KG,1 000,sac\nWH-2,Eau,"2,5",l\n',
      'latin1',
    );
    const result = readStockFile(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.format).toBe('csv');
    expect(result.file.lines.map((l) => [l.warehouseId, l.itemCode, l.quantity, l.unit])).toEqual([
      ['WH-1', 'RIZ-25KG', 1000, 'sac'],
      ['WH-2', 'Eau', 2.5, 'l'],
    ]);
  });

  it('refuses a file that is neither, naming what is missing', () => {
    const result = readStockFile('name,count\nx,1\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('warehouse');
    const hxl = readStockFile('#org,#sector\nMSF,Health\n');
    expect(hxl.ok).toBe(false);
    if (!hxl.ok) expect(hxl.reason).toContain('#meta+quantity');
  });
});

it('slugs names into identifiers', () => {
  expect(slugId("  Dépôt de l'Anse-à-Veau ")).toBe('depot-de-l-anse-a-veau');
});
