/**
 * Dispatch tracking: follows the vehicles and teams of active dispatches on live.entities, in a
 * consumer group of its own (`<groupId>.tracking`). For each batch, the newest fix of each dispatched
 * asset (not older than its dispatch) gives the dispatch's ETA and whether it has arrived
 * (`trackDispatch`, within the arrival radius of the destination):
 * - arrival: the asset's dispatches of the incident go on scene (`arrived_at` set, the stock they
 *   carry consumed), the asset goes `on_scene`, and the incident moves on scene when it is the first
 *   arrival (a later one is an `updated` change); published on live.incidents and live.entities;
 * - otherwise the stored ETA is updated and an `updated` change carrying the dispatch's ETA is
 *   published, at most every `etaPublishMs` per dispatch unless the ETA moved by `etaChangeMs` or more.
 * Active dispatches are kept in memory, read again every `refreshMs` and at once after a dispatch
 * command this process applied (`invalidate`). All writes of a batch are one transaction; arrivals are
 * idempotent (keyed by the dispatch and the fix), so a batch delivered again changes nothing twice.
 */
import type { Consumer, Log, MessageBatch, ProduceRecord } from '@vigie/bus/log';
import type { TSystemActor } from '@vigie/contracts/actor';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { TopicName } from '@vigie/contracts/topics';
import type { Database, Db } from '@vigie/db/database';
import type { DispatchDto } from '@vigie/db/dispatches-repository';
import {
  activeDispatches,
  openDispatchesOfAsset,
  setAssetStatuses,
  setDispatchEta,
  setDispatchStatus,
} from '@vigie/db/dispatches-repository';
import { lockIncident, saveIncidentChange } from '@vigie/db/incidents-repository';
import { consumeReservation } from '@vigie/db/stock-repository';
import { applyAssetStatus } from '@vigie/domain/incidents/apply-command';
import type { IncidentChangeRecord, IncidentState } from '@vigie/domain/incidents/incident-state';
import { isOpen } from '@vigie/domain/incidents/incident-state';
import type { LonLat } from '@vigie/domain/geo';
import { DEFAULT_TRACKING, trackDispatch } from '@vigie/domain/logistics/track-dispatch';
import type { VehicleFix } from '@vigie/domain/logistics/track-dispatch';
import type { Logger } from 'pino';
import { assetStateRecords } from '../commands/asset-state-records';
import { describeError } from '../database-error';
import { deriveEventId } from '../derive-event-id';
import { publishWithRetry } from '../publish-records';
import type { TopicMap } from '../topic-map';
import type { EtaPublication } from './eta-publication';
import { isEtaPublicationDue } from './eta-publication';
import { eventOf, incidentRecord, toRecord, toState } from './incident-record';
import type { Outgoing } from './run-topic-consumer';

const TRACKING: TSystemActor = { kind: 'system', component: 'dispatch-tracking' };
const ACTIVE = new Set(['planned', 'assigned', 'en_route']);

export interface TrackingOptions {
  /** How often active dispatches are read again (dispatches applied by another process). */
  refreshMs: number;
  /** Least time between two published ETAs of one dispatch… */
  etaPublishMs: number;
  /** …unless the ETA moved by this much or more. */
  etaChangeMs: number;
  /** Distance from the destination that counts as arrived, metres. */
  arrivalRadiusM: number;
}

export interface TrackingDeps {
  database: Database;
  log: Log;
  logger: Logger;
  topics: TopicMap;
  groupId: string;
  sourceId: string;
  publishRetry: { initialMs: number; maxMs: number };
  maxBatchSize: number;
  options: TrackingOptions;
}

export interface DispatchTracking {
  /** Reads the active dispatches again before the next batch. */
  invalidate(): void;
  close(): Promise<void>;
}

interface Fix extends VehicleFix {
  assetId: string;
}

/** Dispatches of one asset to one incident (its own row and the rows of the stock it carries). */
interface Leg {
  incidentId: string;
  assetId: string;
  rows: DispatchDto[];
}

function legsOf(dispatches: readonly DispatchDto[]): Map<string, Leg[]> {
  const byAsset = new Map<string, Leg[]>();
  for (const d of dispatches) {
    if (d.assetId === null) continue;
    const legs = byAsset.get(d.assetId) ?? [];
    const leg = legs.find((l) => l.incidentId === d.incidentId);
    if (leg === undefined) legs.push({ incidentId: d.incidentId, assetId: d.assetId, rows: [d] });
    else leg.rows.push(d);
    byAsset.set(d.assetId, legs);
  }
  return byAsset;
}

export async function startDispatchTracking(deps: TrackingDeps): Promise<DispatchTracking> {
  const groupId = `${deps.groupId}.tracking`;
  const logger = deps.logger.child({ component: 'dispatch-tracking', groupId });
  const options = { ...DEFAULT_TRACKING, arrivalRadiusM: deps.options.arrivalRadiusM };
  let legs = new Map<string, Leg[]>();
  let loadedAt = -Infinity;
  let stale = true;
  let closing = false;
  /** Last published ETA per dispatch leg (`incident\0asset`). */
  const published = new Map<string, EtaPublication>();

  async function load(): Promise<void> {
    if (!stale && Date.now() - loadedAt < deps.options.refreshMs) return;
    stale = false;
    loadedAt = Date.now();
    legs = legsOf(await activeDispatches(deps.database.db));
  }

  function latestFixes(batch: MessageBatch): Fix[] {
    const byAsset = new Map<string, Fix>();
    for (const record of batch.messages) {
      // Records are keyed by entity id: only the dispatched assets' are decoded.
      if (!legs.has(record.key)) continue;
      const decoded = decodeTopicMessage('live.entities', record.value);
      if (!decoded.ok) continue;
      const e = decoded.message.payload;
      if (e.entityKind === 'sensor' || e.position === undefined || e.lastSeenAt === undefined) continue;
      if (!legs.has(e.entityId)) continue;
      const known = byAsset.get(e.entityId);
      if (known !== undefined && Date.parse(known.at) > Date.parse(e.lastSeenAt)) continue;
      byAsset.set(e.entityId, {
        assetId: e.entityId,
        position: e.position,
        speedMps: e.speed,
        at: e.lastSeenAt,
      });
    }
    return [...byAsset.values()];
  }

  /** Everything the tracking of one leg does in the batch's transaction; returns what to publish. */
  async function follow(
    tx: Db,
    leg: Leg,
    fix: Fix,
    now: Date,
  ): Promise<{ out: Outgoing[]; arrived: boolean; eta?: string }> {
    const context = { sourceId: deps.sourceId, now };
    // The incident is read (and locked) only when its position or a change is needed.
    let loaded: IncidentState | null | undefined;
    const incidentOf = async (): Promise<IncidentState | null> => {
      if (loaded === undefined) {
        const stored = await lockIncident(tx, leg.incidentId);
        loaded = stored === null ? null : toState(stored);
      }
      return loaded;
    };
    const routeEnd = leg.rows.find((r) => r.destination !== null)?.destination ?? undefined;
    const destination: LonLat | undefined = routeEnd ?? (await incidentOf())?.position;
    if (destination === undefined) return { out: [], arrived: false };
    const track = trackDispatch(fix, destination, options);
    const key = `${leg.incidentId}\u0000${leg.assetId}`;
    if (track.arrived) {
      const incident = await incidentOf();
      if (incident === null) return { out: [], arrived: false };
      const open = (await openDispatchesOfAsset(tx, leg.assetId)).filter(
        (d) => d.incidentId === leg.incidentId && ACTIVE.has(d.status),
      );
      // Already on scene (a command or an earlier delivery of this batch): nothing to do.
      if (open.length === 0) return { out: [], arrived: true };
      const at = new Date(fix.at);
      const envelopeId = deriveEventId(at.getTime(), 'arrival', leg.incidentId, leg.assetId, fix.at);
      await setDispatchStatus(tx, leg.incidentId, leg.assetId, 'on_scene', at);
      for (const d of open.filter((x) => x.item !== null)) {
        await consumeReservation(tx, d.warehouseId ?? '', d.item ?? '', d.quantity ?? 0, {
          actor: `system:${TRACKING.component}`,
          ref: d.id,
          reason: `delivered to ${leg.incidentId}`,
          at,
        });
      }
      await setAssetStatuses(tx, [leg.assetId], 'on_scene');
      const out = await assetStateRecords(
        tx,
        [leg.assetId],
        { status: 'on_scene', incidentId: leg.incidentId, at: fix.at, cause: envelopeId },
        context,
      );
      const outcome = applyAssetStatus(
        incident,
        { assetId: leg.assetId, status: 'on_scene', issuedAt: fix.at, actor: TRACKING },
        { envelopeId },
      );
      if (outcome.ok) {
        outcome.change.data.distanceM = Math.round(track.distanceM);
        await saveIncidentChange(tx, toRecord(outcome.incident), eventOf(outcome.change));
        out.push(
          incidentRecord(outcome.incident, outcome.change, context, {
            assetId: leg.assetId,
            status: 'on_scene',
            distanceM: Math.round(track.distanceM),
            arrivedAt: fix.at,
          }),
        );
      }
      published.delete(key);
      return { out, arrived: true };
    }
    const storedEta = leg.rows.find((r) => r.eta !== null)?.eta?.toISOString() ?? null;
    const previous = published.get(key) ?? { eta: storedEta, at: -Infinity };
    if (!isEtaPublicationDue(previous, track.eta, now.getTime(), deps.options)) {
      return { out: [], arrived: false };
    }
    const incident = await incidentOf();
    if (incident === null || !isOpen(incident.status)) return { out: [], arrived: false };
    const active = (await openDispatchesOfAsset(tx, leg.assetId)).filter(
      (d) => d.incidentId === leg.incidentId && ACTIVE.has(d.status),
    );
    // Put on scene or completed meanwhile (a command): no longer followed.
    if (active.length === 0) return { out: [], arrived: true };
    await setDispatchEta(
      tx,
      leg.rows.map((r) => r.id),
      new Date(track.eta),
      now,
    );
    const distanceM = Math.round(track.distanceM);
    const change: IncidentChangeRecord = {
      type: 'updated',
      actor: TRACKING,
      at: fix.at,
      envelopeId: deriveEventId(Date.parse(fix.at), 'eta', leg.incidentId, leg.assetId, fix.at),
      data: { assetId: leg.assetId, eta: track.eta, distanceM },
    };
    const next = { ...incident, seq: incident.seq + 1 };
    if (!(await saveIncidentChange(tx, toRecord(next), eventOf(change)))) return { out: [], arrived: false };
    const status = active.some((r) => r.status === 'en_route') ? 'en_route' : 'assigned';
    return {
      out: [
        incidentRecord(next, change, context, { assetId: leg.assetId, status, eta: track.eta, distanceM }),
      ],
      arrived: false,
      eta: track.eta,
    };
  }

  async function onBatch(batch: MessageBatch, consumer: Consumer): Promise<void> {
    await load();
    const fixes = latestFixes(batch);
    if (fixes.length > 0) {
      const now = new Date();
      const work = fixes.flatMap((fix) =>
        (legs.get(fix.assetId) ?? [])
          // A fix from before the dispatch says nothing about it.
          .filter((leg) => leg.rows.every((r) => Date.parse(fix.at) >= r.createdAt.getTime()))
          .map((leg) => ({ fix, leg })),
      );
      const results =
        work.length === 0
          ? []
          : await deps.database.transaction(async (tx) => {
              const done: { fix: Fix; leg: Leg; out: Outgoing[]; arrived: boolean; eta?: string }[] = [];
              for (const { fix, leg } of work) done.push({ fix, leg, ...(await follow(tx, leg, fix, now)) });
              return done;
            });
      const byTopic = new Map<TopicName, ProduceRecord[]>();
      for (const r of results) {
        const key = `${r.leg.incidentId}\u0000${r.leg.assetId}`;
        if (r.arrived) {
          const remaining = (legs.get(r.leg.assetId) ?? []).filter((l) => l !== r.leg);
          if (remaining.length === 0) legs.delete(r.leg.assetId);
          else legs.set(r.leg.assetId, remaining);
        } else if (r.eta !== undefined) {
          published.set(key, { eta: r.eta, at: now.getTime() });
        }
        for (const o of r.out) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o.record]);
      }
      const retry = { ...deps.publishRetry, isClosing: () => closing, logger };
      for (const [name, records] of byTopic)
        await publishWithRetry(deps.log, deps.topics[name], records, retry);
    }
    try {
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
    } catch (error) {
      logger.debug({ ...describeError(error) }, 'offsets not committed to the log');
    }
  }

  const consumer = await deps.log.consumer({
    groupId,
    topics: [deps.topics['live.entities']],
    startFrom: 'earliest',
    maxBatchSize: deps.maxBatchSize,
    onBatch,
  });
  logger.info('dispatch tracking started');
  return {
    invalidate() {
      stale = true;
    },
    async close() {
      closing = true;
      await consumer.close();
    },
  };
}
