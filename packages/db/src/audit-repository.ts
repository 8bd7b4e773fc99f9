/**
 * The audit log: who did (or tried to do) what, when, from where, and whether it was allowed.
 * Append-only; entries are read back newest first.
 */
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from './database';
import { auditLog } from './schema/access';
import type { AuditOutcome } from './schema/values';

export interface AuditEntryInput {
  /** User id, API key id, `anonymous`, or `system:<component>`. */
  actor: string;
  /** Dotted verb, e.g. `auth.login`, `auth.logout`, `access.denied`, `user.create`. */
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  ip?: string | null;
  /** Free-form context; never secrets. */
  detail?: Record<string, unknown>;
}

export interface AuditEntryDto {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  detail: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<void> {
  await db.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    outcome: entry.outcome,
    ip: entry.ip ?? null,
    detail: entry.detail ?? {},
  });
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  since?: Date;
  /** Default 100. */
  limit?: number;
}

/** Entries matching every given filter, newest first. */
export async function listAudit(db: Db, query: AuditQuery = {}): Promise<AuditEntryDto[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        query.actor === undefined ? undefined : eq(auditLog.actor, query.actor),
        query.action === undefined ? undefined : eq(auditLog.action, query.action),
        query.since === undefined ? undefined : gte(auditLog.at, query.since),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.limit ?? 100);
  return rows.map((row) => ({ ...row, outcome: row.outcome as AuditOutcome }));
}
