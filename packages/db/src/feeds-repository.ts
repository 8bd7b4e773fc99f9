/**
 * Polled feeds: what admins manage (create, update, remove, run now) and what the ingest scheduler
 * needs (claim the feeds that are due, record each run's outcome, keep the poller's memory in `state`).
 *
 * Claiming moves `next_run_at` ahead by a lease in the same statement (`FOR UPDATE SKIP LOCKED`), so
 * two schedulers never poll one feed at once; a scheduler that dies mid-run lets the lease expire and
 * the feed is picked up again.
 */
import { randomBytes } from 'node:crypto';
import type { TCreateFeedInput, TFeedKind, TFeedV1, TUpdateFeedInput } from '@vigie/contracts/feeds';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import { feeds } from './schema/sources';

type FeedRow = typeof feeds.$inferSelect;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function toDto(row: FeedRow): TFeedV1 {
  return {
    id: row.id,
    kind: row.kind as TFeedKind,
    name: row.name,
    url: row.url,
    source: row.source,
    intervalS: row.intervalS,
    enabled: row.enabled,
    nextRunAt: iso(row.nextRunAt),
    lastRunAt: iso(row.lastRunAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastErrorAt: iso(row.lastErrorAt),
    lastError: row.lastError,
    errorCount: row.errorCount,
    consecutiveFailures: row.consecutiveFailures,
    itemsSeen: Number(row.itemsSeen),
    itemsAccepted: Number(row.itemsAccepted),
    itemsRejected: Number(row.itemsRejected),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createFeed(
  db: Db,
  input: TCreateFeedInput & { createdBy?: string; id?: string },
  now: Date = new Date(),
): Promise<TFeedV1> {
  const [row] = await db
    .insert(feeds)
    .values({
      id: input.id ?? `feed-${randomBytes(6).toString('hex')}`,
      kind: input.kind,
      name: input.name,
      url: input.url,
      source: input.source,
      intervalS: input.intervalS,
      enabled: input.enabled,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      updatedAt: now,
      nextRunAt: now,
    })
    .returning();
  return toDto(row!);
}

export async function listFeeds(db: Db): Promise<TFeedV1[]> {
  const rows = await db.select().from(feeds).orderBy(asc(feeds.name), asc(feeds.id));
  return rows.map(toDto);
}

export async function getFeed(db: Db, id: string): Promise<TFeedV1 | null> {
  const [row] = await db.select().from(feeds).where(eq(feeds.id, id));
  return row ? toDto(row) : null;
}

/** Applies the given changes; a feed enabled again or given a new URL or interval is due at once. */
export async function updateFeed(
  db: Db,
  input: TUpdateFeedInput,
  now: Date = new Date(),
): Promise<TFeedV1 | null> {
  const { id, ...changes } = input;
  const reschedule = changes.enabled === true || changes.url !== undefined || changes.intervalS !== undefined;
  const [row] = await db
    .update(feeds)
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.url !== undefined ? { url: changes.url, state: {} } : {}),
      ...(changes.source !== undefined ? { source: changes.source } : {}),
      ...(changes.intervalS !== undefined ? { intervalS: changes.intervalS } : {}),
      ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
      ...(reschedule ? { nextRunAt: now, consecutiveFailures: 0 } : {}),
      updatedAt: now,
    })
    .where(eq(feeds.id, id))
    .returning();
  return row ? toDto(row) : null;
}

export async function removeFeed(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(feeds).where(eq(feeds.id, id)).returning({ id: feeds.id });
  return rows.length > 0;
}

/** Makes a feed due now (the scheduler picks it up on its next tick). */
export async function requestFeedRun(db: Db, id: string, now: Date = new Date()): Promise<TFeedV1 | null> {
  const [row] = await db
    .update(feeds)
    .set({ nextRunAt: now, updatedAt: now })
    .where(eq(feeds.id, id))
    .returning();
  return row ? toDto(row) : null;
}

/** What a poller needs to run one feed. */
export interface FeedJob {
  id: string;
  kind: TFeedKind;
  url: string;
  source: string;
  intervalS: number;
  consecutiveFailures: number;
  state: Record<string, unknown>;
}

/**
 * Claims up to `limit` enabled feeds due at `now`: their `next_run_at` moves to `now + leaseMs` and
 * `last_run_at` to `now`. Feeds claimed by another scheduler (row locked) are skipped.
 */
export async function claimDueFeeds(db: Db, now: Date, leaseMs: number, limit = 10): Promise<FeedJob[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const rows = await db
    .update(feeds)
    .set({ nextRunAt: lease, lastRunAt: now })
    .where(
      sql`${feeds.id} IN (
        SELECT ${feeds.id} FROM ${feeds}
        WHERE ${feeds.enabled} AND (${feeds.nextRunAt} IS NULL OR ${feeds.nextRunAt} <= ${now.toISOString()}::timestamptz)
        ORDER BY ${feeds.nextRunAt} ASC NULLS FIRST
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`,
    )
    .returning();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as TFeedKind,
    url: row.url,
    source: row.source,
    intervalS: row.intervalS,
    consecutiveFailures: row.consecutiveFailures,
    state: row.state,
  }));
}

export interface FeedRunCounts {
  seen: number;
  accepted: number;
  rejected: number;
}

/** A run that fetched (or found the feed unchanged): counters added, failures reset, state replaced. */
export async function recordFeedSuccess(
  db: Db,
  id: string,
  run: FeedRunCounts & { at: Date; nextRunAt: Date; state: Record<string, unknown> },
): Promise<void> {
  await db
    .update(feeds)
    .set({
      lastSuccessAt: run.at,
      nextRunAt: run.nextRunAt,
      consecutiveFailures: 0,
      itemsSeen: sql`${feeds.itemsSeen} + ${run.seen}`,
      itemsAccepted: sql`${feeds.itemsAccepted} + ${run.accepted}`,
      itemsRejected: sql`${feeds.itemsRejected} + ${run.rejected}`,
      state: run.state,
    })
    .where(eq(feeds.id, id));
}

/** A run that failed: the error kept, counted, and the next run pushed back (backoff chosen by the caller). */
export async function recordFeedFailure(
  db: Db,
  id: string,
  run: { at: Date; nextRunAt: Date; error: string },
): Promise<void> {
  await db
    .update(feeds)
    .set({
      lastErrorAt: run.at,
      lastError: run.error.slice(0, 2_000),
      nextRunAt: run.nextRunAt,
      errorCount: sql`${feeds.errorCount} + 1`,
      consecutiveFailures: sql`${feeds.consecutiveFailures} + 1`,
    })
    .where(eq(feeds.id, id));
}
