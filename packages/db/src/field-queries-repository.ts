/**
 * Read side for field staff: who they are on the ground (their asset, their regions) and their
 * assignments: dispatches of their asset and incidents they are assigned to, with the incident.
 */
import { and, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { TFieldAssignment } from '@vigie/contracts/field-api';
import type { TIncidentDispatch } from '@vigie/contracts/incident-api';
import type { Db } from './database';
import { incidentSummaries } from './incident-queries-repository';
import { iso, lonLatOf, opt } from './query-mapping';
import { users } from './schema/access';
import { dispatches, incidentAssignments, incidents } from './schema/incidents';
import { assets } from './schema/tracking';

export interface FieldProfile {
  userId: string;
  /** users.asset_id: the team or vehicle they work with. */
  assetId: string | null;
  /** ISO 3166 alpha-3 codes. */
  regions: string[];
}

export async function fieldProfile(db: Db, userId: string): Promise<FieldProfile | null> {
  const [row] = await db
    .select({ assetId: users.assetId, regions: users.regions })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row === undefined ? null : { userId, assetId: row.assetId, regions: row.regions };
}

/** Sets a user's asset and regions (the CLI's `--asset`, `--regions`). */
export async function setFieldProfile(
  db: Db,
  userId: string,
  profile: { assetId?: string | null; regions?: readonly string[] },
): Promise<void> {
  await db
    .update(users)
    .set({
      ...(profile.assetId !== undefined ? { assetId: profile.assetId } : {}),
      ...(profile.regions !== undefined ? { regions: [...profile.regions] } : {}),
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId));
}

const ENDED_DISPATCH = ['completed', 'cancelled'];
const ENDED_INCIDENT = ['closed'];

/** Ids of the incidents a user works on: assigned to them or their team, or their asset dispatched to. */
export async function incidentIdsOfFieldUser(db: Db, profile: FieldProfile): Promise<string[]> {
  const ids = new Set<string>();
  const assignees = [profile.userId, ...(profile.assetId !== null ? [profile.assetId] : [])];
  const rows = await db
    .select({ id: incidentAssignments.incidentId })
    .from(incidentAssignments)
    .innerJoin(incidents, eq(incidents.id, incidentAssignments.incidentId))
    .where(
      and(inArray(incidentAssignments.assigneeId, assignees), notInArray(incidents.status, ENDED_INCIDENT)),
    );
  for (const r of rows) ids.add(r.id);
  if (profile.assetId !== null) {
    const d = await db
      .select({ id: dispatches.incidentId })
      .from(dispatches)
      .innerJoin(incidents, eq(incidents.id, dispatches.incidentId))
      .where(
        and(
          eq(dispatches.assetId, profile.assetId),
          notInArray(dispatches.status, ENDED_DISPATCH),
          notInArray(incidents.status, ENDED_INCIDENT),
        ),
      );
    for (const r of d) ids.add(r.id);
  }
  return [...ids];
}

/** My assignments, newest first. */
export async function fieldAssignments(db: Db, profile: FieldProfile): Promise<TFieldAssignment[]> {
  const assignees = [profile.userId, ...(profile.assetId !== null ? [profile.assetId] : [])];
  const [assignmentRows, dispatchRows] = await Promise.all([
    db
      .select()
      .from(incidentAssignments)
      .where(inArray(incidentAssignments.assigneeId, assignees))
      .orderBy(desc(incidentAssignments.assignedAt))
      .limit(200),
    profile.assetId === null
      ? Promise.resolve([])
      : db
          .select({ d: dispatches, asset: assets })
          .from(dispatches)
          .leftJoin(assets, eq(assets.id, dispatches.assetId))
          .where(and(eq(dispatches.assetId, profile.assetId), notInArray(dispatches.status, ENDED_DISPATCH)))
          .orderBy(desc(dispatches.createdAt))
          .limit(200),
  ]);
  const incidentIds = [
    ...new Set([...assignmentRows.map((a) => a.incidentId), ...dispatchRows.map((r) => r.d.incidentId)]),
  ];
  const summaries = new Map((await incidentSummaries(db, incidentIds)).map((s) => [s.incidentId, s]));
  const out: TFieldAssignment[] = [];
  for (const { d, asset } of dispatchRows) {
    const incident = summaries.get(d.incidentId);
    if (incident === undefined || incident.status === 'closed') continue;
    const dispatch: TIncidentDispatch = {
      dispatchId: d.id,
      status: d.status as TIncidentDispatch['status'],
      ...(asset !== null
        ? {
            asset: {
              assetId: asset.id,
              name: asset.name,
              status: asset.status as NonNullable<NonNullable<TIncidentDispatch['asset']>['status']>,
              ...opt('position', lonLatOf(asset.position)),
            },
          }
        : {}),
      ...opt('warehouseId', d.warehouseId),
      ...opt('itemCode', d.item),
      ...opt('quantity', d.quantity),
      ...opt('eta', d.eta ? iso(d.eta) : null),
      ...opt('arrivedAt', d.arrivedAt ? iso(d.arrivedAt) : null),
      ...opt('commandId', d.commandId),
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
    };
    out.push({ via: 'dispatch', incident, dispatch, assignedAt: iso(d.createdAt) });
  }
  for (const a of assignmentRows) {
    const incident = summaries.get(a.incidentId);
    if (incident === undefined || incident.status === 'closed') continue;
    out.push({ via: 'assignment', incident, assignedAt: iso(a.assignedAt) });
  }
  return out.sort((x, y) => y.assignedAt.localeCompare(x.assignedAt));
}
