/**
 * What decides whether a field user may see a media: the incidents it belongs to, directly
 * (`media.incident_id`) or through the report it came with (`attrs.reportId`, matched against the
 * report's own id in the media's source or the field channel).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import { queryRows } from './sql-rows';

export async function incidentIdsOfMedia(db: Db, mediaId: string): Promise<string[]> {
  const rows = await queryRows<{ incident_id: string }>(
    db,
    sql`
      SELECT m.incident_id FROM media m WHERE m.id = ${mediaId} AND m.incident_id IS NOT NULL
      UNION
      SELECT r.incident_id FROM media m
        JOIN reports r ON r.source_ref = m.attrs->>'reportId' AND r.source IN (m.source, 'field')
      WHERE m.id = ${mediaId} AND r.incident_id IS NOT NULL`,
  );
  return rows.map((r) => r.incident_id);
}
