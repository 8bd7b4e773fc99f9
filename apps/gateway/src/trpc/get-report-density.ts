/**
 * `reports.density`: reports per H3 hexagon inside a box over the last `sinceMinutes` (≤ 1 day), with
 * counts per category, for the map's report heat layer. Cells are those the processor stored; a
 * coarser `resolution` regroups them by the cell containing each stored cell's centre (finer than
 * stored is answered at the stored resolution).
 */
import { ZCategory } from '@vigie/contracts/categories';
import { ZBbox, ZH3Cell } from '@vigie/contracts/primitives';
import { reportDensity } from '@vigie/db/report-density-repository';
import { h3CellCenter, h3CellOf } from '@vigie/domain/h3-cell';
import { z } from 'zod';
import { procedureWith } from './trpc-init';

export const REPORT_DENSITY_MAX_MINUTES = 24 * 60;

export const ZReportDensityInput = z.object({
  bbox: ZBbox,
  sinceMinutes: z.number().int().min(1).max(REPORT_DENSITY_MAX_MINUTES).default(60),
  /** H3 resolution of the answer (0 coarsest … 15); default: as stored. */
  resolution: z.number().int().min(0).max(15).optional(),
});

/** `uncategorised` counts reports without a category. */
export const ZDensityCategory = z.union([ZCategory, z.literal('uncategorised')]);

export const ZReportDensityCell = z.object({
  cell: ZH3Cell,
  count: z.number().int().min(1),
  categories: z.partialRecord(ZDensityCategory, z.number().int().min(1)),
});
export const ZReportDensity = z.array(ZReportDensityCell).max(20_000);
export type TReportDensityCell = z.infer<typeof ZReportDensityCell>;

/** Resolution of an H3 cell index (its second hex digit). */
export function h3Resolution(cell: string): number {
  return Number.parseInt(cell[1] ?? '0', 16);
}

export const getReportDensity = procedureWith('map.view')
  .input(ZReportDensityInput)
  .output(ZReportDensity)
  .query(async ({ ctx, input }) => {
    const [west, south, east, north] = input.bbox;
    const rows = await reportDensity(ctx.services.database.db, {
      bbox: { west, south, east, north },
      since: new Date(Date.now() - input.sinceMinutes * 60_000),
    });
    const cells = new Map<string, TReportDensityCell>();
    for (const row of rows) {
      if (!ZH3Cell.safeParse(row.cell).success) continue;
      let cell = row.cell;
      if (input.resolution !== undefined && input.resolution < h3Resolution(cell)) {
        const center = h3CellCenter(cell);
        cell = h3CellOf(center.lon, center.lat, input.resolution);
      }
      const category = ZCategory.safeParse(row.category);
      const name = category.success ? category.data : 'uncategorised';
      let entry = cells.get(cell);
      if (entry === undefined) {
        entry = { cell, count: 0, categories: {} };
        cells.set(cell, entry);
      }
      entry.count += row.count;
      entry.categories[name] = (entry.categories[name] ?? 0) + row.count;
    }
    return [...cells.values()].sort((a, b) => b.count - a.count);
  });
