/**
 * Reads one alert as the CAP export needs it (`TLiveAlertV1` without its evidence list), or null when
 * there is no such alert or it has no geometry to describe.
 */
import { ZCategory } from '@vigie/contracts/categories';
import { ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { alerts } from './schema/observations';

export async function getAlertForCapExport(db: Db, id: string): Promise<TLiveAlertV1 | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  if (!row || !row.geometry) return null;
  const category = ZCategory.safeParse(row.category);
  const regionName = row.place ?? (row.region && !/^[A-Z]{3}$/.test(row.region) ? row.region : undefined);
  const country = row.region && /^[A-Z]{3}$/.test(row.region) ? row.region : undefined;
  const candidate = {
    alertId: row.id,
    kind: row.kind,
    ...(row.ruleId ? { ruleId: row.ruleId } : {}),
    severity: row.severity === 'unknown' ? 'info' : row.severity,
    status: row.status,
    title: row.headline.slice(0, 200),
    ...(row.description ? { description: row.description.slice(0, 4_000) } : {}),
    ...(category.success ? { category: category.data } : {}),
    place: row.geometry,
    ...(country || regionName
      ? {
          region: {
            ...(country ? { country } : {}),
            ...(regionName ? { name: regionName.slice(0, 200) } : {}),
          },
        }
      : {}),
    evidence: [],
    ...(row.kind === 'external' && row.sender && row.identifier
      ? { external: { sender: row.sender, identifier: row.identifier } }
      : {}),
    ...(row.incidentId ? { incidentId: row.incidentId } : {}),
    raisedAt: row.raisedAt.toISOString(),
    ...(row.updatedAt.getTime() > row.raisedAt.getTime() ? { updatedAt: row.updatedAt.toISOString() } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
  };
  const parsed = ZLiveAlertV1.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
