/**
 * commands → incidents, dispatches and stock. Each command is applied through the domain lifecycle
 * in a savepoint of the batch's transaction and recorded in `operator_commands`, applied or rejected
 * with the reason. A rejected command rolls back everything it did (a dispatch whose second stock line
 * is short reserves nothing), and its reason reaches the issuer twice: in `operator_commands` (the
 * gateway's queries) and on `deadletter` (origin `commands`, code CONFLICT or NOT_FOUND, the reason as
 * message, the command's bytes as original).
 *
 * Dispatch: the assets must exist and be available; each stock line is reserved (never below what is
 * free); one dispatch row per asset and per stock line is created, with a straight route to the
 * destination and a first ETA; the assets become `assigned` and their crews (users whose `asset_id`
 * is the asset) are assigned to the incident.
 * Field status (`update_status`): `en_route` moves the asset's dispatch en route; `on_scene` moves it
 * on scene (consuming the stock it carries) and the incident on scene; `available` or `returning`
 * completes it. A status without an open dispatch only sets the asset's status.
 */
import type { LogRecord } from '@vigie/bus/log';
import type { TCommandEventV1, TCommandV1 } from '@vigie/contracts/commands';
import { commandTarget } from '@vigie/contracts/commands';
import type { TLiveAlertEventV1 } from '@vigie/contracts/live-alerts';
import { ZAlertKind, ZLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { ZSeverity } from '@vigie/contracts/severity';
import type { Db } from '@vigie/db/database';
import {
  assetsByIds,
  createDispatches,
  crewsOfAssets,
  openDispatchesOfAsset,
  setAssetStatuses,
  setDispatchStatus,
} from '@vigie/db/dispatches-repository';
import type { NewDispatch } from '@vigie/db/dispatches-repository';
import {
  acknowledgeAlert,
  addAssignments,
  alertsForEvidence,
  linkAlerts,
  lockIncident,
  lockIncidents,
  moveIncidentLinks,
  saveIncidentChange,
} from '@vigie/db/incidents-repository';
import { getHandledCommand, recordCommand } from '@vigie/db/operator-commands-repository';
import { consumeReservation, reserveStock, StockUnavailableError } from '@vigie/db/stock-repository';
import type { IncidentChange } from '@vigie/domain/incidents/apply-alert';
import {
  acknowledgeIncident,
  addNote,
  applyAssetStatus,
  assignIncident,
  closeIncident,
  createIncident,
  dispatchToIncident,
  resolveIncident,
  setSeverity,
} from '@vigie/domain/incidents/apply-command';
import type { CommandOutcome } from '@vigie/domain/incidents/apply-command';
import type { IncidentEvidence, IncidentState } from '@vigie/domain/incidents/incident-state';
import { mergeIncidents } from '@vigie/domain/incidents/merge-incidents';
import { trackDispatch } from '@vigie/domain/logistics/track-dispatch';
import { deriveEventId } from '../derive-event-id';
import { eventOf, incidentRecord, toRecord, toState } from '../incidents/incident-record';
import { HandlerRejection } from '../incidents/run-topic-consumer';
import { assetStateRecords } from './asset-state-records';
import type { HandlerResult, Outgoing, TopicHandler } from '../incidents/run-topic-consumer';

type Command = TCommandV1;
type Of<K extends Command['kind']> = Extract<Command, { kind: K }>;

interface Context {
  tx: Db;
  event: TCommandEventV1;
  now: Date;
  sourceId: string;
  out: Outgoing[];
}

function reject(message: string, code: 'CONFLICT' | 'NOT_FOUND' = 'CONFLICT'): never {
  throw new HandlerRejection(code, message);
}

async function loadIncident(ctx: Context, id: string): Promise<IncidentState> {
  const stored = await lockIncident(ctx.tx, id);
  if (stored === null) reject(`Incident ${id} does not exist.`, 'NOT_FOUND');
  return toState(stored);
}

const stampsOf = (change: IncidentChange, command: Command) => {
  const at = new Date(command.issuedAt);
  const s = change.incident.status;
  const from = change.change.data.from;
  return {
    ...(s === 'acknowledged' && from === 'detected'
      ? { acknowledgedBy: command.actor.userId, acknowledgedAt: at }
      : {}),
    ...(s === 'resolved' ? { resolvedAt: at } : {}),
    ...(s === 'closed' ? { closedAt: at } : {}),
  };
};

async function save(ctx: Context, change: IncidentChange, command: Command): Promise<void> {
  await saveIncidentChange(
    ctx.tx,
    toRecord(change.incident),
    eventOf(change.change),
    stampsOf(change, command),
  );
  ctx.out.push(incidentRecord(change.incident, change.change, { sourceId: ctx.sourceId, now: ctx.now }));
}

function applied(outcome: CommandOutcome): IncidentChange {
  if (!outcome.ok) reject(outcome.reason);
  return outcome;
}

async function dispatch(ctx: Context, command: Of<'dispatch'>): Promise<void> {
  const incident = await loadIncident(ctx, command.incidentId);
  const assets = await assetsByIds(ctx.tx, command.assetIds);
  const missing = command.assetIds.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length > 0) reject(`Unknown asset(s): ${missing.join(', ')}.`, 'NOT_FOUND');
  const busy = assets.filter((a) => a.status !== 'available');
  if (busy.length > 0) {
    reject(
      `Not available: ${busy.map((a) => `${a.name} (${a.status})`).join(', ')}. Choose another vehicle or team.`,
    );
  }
  const crews = await crewsOfAssets(ctx.tx, command.assetIds);
  const crewIds = command.assetIds.flatMap((id) => crews.get(id) ?? []);
  const change = applied(dispatchToIncident(incident, command, crewIds, { envelopeId: ctx.event.id }));
  const destination = command.destination ?? incident.position;
  const rows: NewDispatch[] = [];
  const at = new Date(command.issuedAt);
  for (const asset of assets) {
    const row: NewDispatch = {
      id: `${command.commandId}.${asset.id}`,
      incidentId: incident.id,
      assetId: asset.id,
      assignedBy: command.actor.userId,
      commandId: command.commandId,
    };
    if (command.note !== undefined) row.note = command.note;
    if (asset.position !== null) {
      row.route = {
        type: 'LineString',
        coordinates: [
          [asset.position.lon, asset.position.lat],
          [destination.lon, destination.lat],
        ],
      };
      const track = trackDispatch({ position: asset.position, at: command.issuedAt }, destination);
      row.eta = track.arrived ? at : new Date(track.eta);
    }
    rows.push(row);
  }
  const carrier = command.assetIds[0]!;
  for (const [i, line] of (command.stock ?? []).entries()) {
    if (!Number.isInteger(line.quantity))
      reject(`Stock is counted in whole units: ${line.quantity} ${line.itemCode}.`);
    const id = `${command.commandId}.stock.${i}`;
    try {
      await reserveStock(ctx.tx, line.warehouseId, line.itemCode, line.quantity, {
        actor: command.actor.userId,
        ref: id,
        reason: `dispatch to ${incident.id}`,
        at,
      });
    } catch (error) {
      if (error instanceof StockUnavailableError) {
        reject(`Not enough stock: ${error.message}. Another dispatch may have taken it; plan again.`);
      }
      throw error;
    }
    const base = rows.find((r) => r.assetId === carrier);
    rows.push({
      ...(base ?? {
        incidentId: incident.id,
        assetId: carrier,
        assignedBy: command.actor.userId,
        commandId: command.commandId,
      }),
      id,
      warehouseId: line.warehouseId,
      item: line.itemCode,
      quantity: line.quantity,
    });
  }
  await createDispatches(ctx.tx, rows, at);
  await setAssetStatuses(ctx.tx, command.assetIds, 'assigned');
  ctx.out.push(
    ...(await assetStateRecords(
      ctx.tx,
      command.assetIds,
      { status: 'assigned', incidentId: incident.id, at: command.issuedAt, cause: ctx.event.id },
      ctx,
    )),
  );
  await addAssignments(
    ctx.tx,
    incident.id,
    [
      ...crewIds.map((id) => ({ kind: 'user' as const, id })),
      ...assets.filter((a) => a.kind === 'team').map((a) => ({ kind: 'team' as const, id: a.id })),
    ],
    command.actor.userId,
    at,
  );
  await save(ctx, change, command);
}

async function updateStatus(ctx: Context, command: Of<'update_status'>): Promise<void> {
  const at = new Date(command.issuedAt);
  const assets = await assetsByIds(ctx.tx, [command.assetId]);
  if (assets.length === 0) reject(`Unknown asset: ${command.assetId}.`, 'NOT_FOUND');
  const open = await openDispatchesOfAsset(ctx.tx, command.assetId);
  const incidentId = command.incidentId ?? open[0]?.incidentId;
  await setAssetStatuses(ctx.tx, [command.assetId], command.status);
  const stillOnIt = command.status !== 'available' && command.status !== 'returning';
  ctx.out.push(
    ...(await assetStateRecords(
      ctx.tx,
      [command.assetId],
      {
        status: command.status,
        incidentId: stillOnIt ? incidentId : undefined,
        at: command.issuedAt,
        cause: ctx.event.id,
      },
      ctx,
    )),
  );
  if (incidentId === undefined) return;
  const incident = await loadIncident(ctx, incidentId);
  const change = applied(applyAssetStatus(incident, command, { envelopeId: ctx.event.id }));
  const dispatchStatus =
    command.status === 'en_route'
      ? 'en_route'
      : command.status === 'on_scene'
        ? 'on_scene'
        : command.status === 'available' || command.status === 'returning'
          ? 'completed'
          : undefined;
  if (dispatchStatus !== undefined) {
    await setDispatchStatus(ctx.tx, incidentId, command.assetId, dispatchStatus, at);
    if (dispatchStatus === 'on_scene') {
      for (const d of open.filter(
        (x) => x.incidentId === incidentId && x.item !== null && x.status !== 'on_scene',
      )) {
        await consumeReservation(ctx.tx, d.warehouseId ?? '', d.item ?? '', d.quantity ?? 0, {
          actor: command.actor.userId,
          ref: d.id,
          reason: `delivered to ${incidentId}`,
          at,
        });
      }
    }
  }
  await save(ctx, change, command);
}

/**
 * The evidence of an incident opened by hand from alerts: the stored ones as they are; one not stored
 * yet as an `external` alert of severity `info` until it arrives (its own state then replaces this).
 */
async function evidenceOf(
  ctx: Context,
  alertIds: readonly string[],
  at: string,
): Promise<IncidentEvidence[]> {
  const stored = new Map((await alertsForEvidence(ctx.tx, alertIds)).map((a) => [a.id, a]));
  return [...new Set(alertIds)].map((alertId) => {
    const alert = stored.get(alertId);
    return {
      alertId,
      kind: ZAlertKind.catch('external').parse(alert?.kind),
      severity: ZSeverity.catch('info').parse(alert?.severity),
      at: alert?.at.toISOString() ?? at,
    };
  });
}

async function acknowledgeAlertCommand(ctx: Context, command: Of<'acknowledge_alert'>): Promise<void> {
  const result = await acknowledgeAlert(
    ctx.tx,
    command.alertId,
    command.actor.userId,
    new Date(command.issuedAt),
  );
  if ('refused' in result) {
    if (result.refused === 'missing') reject(`Alert ${command.alertId} does not exist.`, 'NOT_FOUND');
    reject(`Alert ${command.alertId} is ${result.refused}: only active alerts can be acknowledged.`);
  }
  const parsed = ZLiveAlertV1.safeParse({
    alertId: result.id,
    kind: result.kind,
    ...(result.ruleId === null ? {} : { ruleId: result.ruleId }),
    severity: result.severity,
    status: result.status,
    title: result.title,
    ...(result.description === null ? {} : { description: result.description }),
    ...(result.category === null ? {} : { category: result.category }),
    place: result.place,
    evidence: result.evidence,
    ...(result.sender === null || result.identifier === null
      ? {}
      : { external: { sender: result.sender, identifier: result.identifier } }),
    ...(result.incidentId === null ? {} : { incidentId: result.incidentId }),
    raisedAt: result.raisedAt.toISOString(),
    updatedAt: result.updatedAt.toISOString(),
    ...(result.expiresAt === null ? {} : { expiresAt: result.expiresAt.toISOString() }),
  });
  // An alert whose stored form no longer fits the contract is acknowledged but not republished.
  if (!parsed.success) return;
  const live: TLiveAlertEventV1 = {
    id: deriveEventId(Date.parse(command.issuedAt), 'alert-ack', command.commandId),
    type: 'alert',
    v: 1,
    source: ctx.sourceId,
    occurredAt: command.issuedAt,
    receivedAt: ctx.now.toISOString(),
    payload: parsed.data,
  };
  ctx.out.push({ topic: 'live.alerts', record: { key: result.id, value: JSON.stringify(live) } });
}

async function apply(ctx: Context, command: Command): Promise<void> {
  const envelope = { envelopeId: ctx.event.id };
  switch (command.kind) {
    case 'create_incident': {
      if ((await lockIncident(ctx.tx, command.incidentId)) !== null) {
        reject(`Incident ${command.incidentId} already exists.`);
      }
      const change = createIncident(command, envelope);
      change.incident.evidence = await evidenceOf(ctx, command.alertIds ?? [], command.issuedAt);
      await save(ctx, change, command);
      await linkAlerts(ctx.tx, command.incidentId, command.alertIds ?? []);
      return;
    }
    case 'acknowledge_incident':
      return save(
        ctx,
        applied(acknowledgeIncident(await loadIncident(ctx, command.incidentId), command, envelope)),
        command,
      );
    case 'assign': {
      const change = applied(assignIncident(await loadIncident(ctx, command.incidentId), command, envelope));
      await addAssignments(
        ctx.tx,
        command.incidentId,
        [{ kind: command.assigneeKind, id: command.assigneeId }],
        command.actor.userId,
        new Date(command.issuedAt),
      );
      return save(ctx, change, command);
    }
    case 'resolve':
      return save(
        ctx,
        applied(resolveIncident(await loadIncident(ctx, command.incidentId), command, envelope)),
        command,
      );
    case 'close':
      return save(
        ctx,
        applied(closeIncident(await loadIncident(ctx, command.incidentId), command, envelope)),
        command,
      );
    case 'add_note':
      return save(
        ctx,
        applied(addNote(await loadIncident(ctx, command.incidentId), command, envelope)),
        command,
      );
    case 'set_severity':
      return save(
        ctx,
        applied(setSeverity(await loadIncident(ctx, command.incidentId), command, envelope)),
        command,
      );
    case 'dispatch':
      return dispatch(ctx, command);
    case 'update_status':
      return updateStatus(ctx, command);
    case 'acknowledge_alert':
      return acknowledgeAlertCommand(ctx, command);
    case 'merge_incidents': {
      const ids = [command.incidentId, ...command.sourceIncidentIds];
      const stored = await lockIncidents(ctx.tx, ids);
      const missing = ids.filter((id) => !stored.some((s) => s.id === id));
      if (missing.length > 0) reject(`Incident(s) ${missing.join(', ')} do not exist.`, 'NOT_FOUND');
      const states = stored.map(toState);
      const survivor = states.find((s) => s.id === command.incidentId)!;
      const sources = command.sourceIncidentIds.map((id) => states.find((s) => s.id === id)!);
      const outcome = mergeIncidents(survivor, sources, command, ctx.event.id);
      if (!outcome.ok) reject(outcome.reason);
      for (const absorbed of outcome.absorbed) await save(ctx, absorbed, command);
      await moveIncidentLinks(ctx.tx, command.sourceIncidentIds, command.incidentId);
      return save(ctx, outcome.survivor, command);
    }
  }
}

export function commandsConsumer(options: {
  sourceId: string;
  /** Called after the commit of a dispatch or field status (dispatch tracking reads dispatches again). */
  onDispatch?: () => void;
}): TopicHandler<'commands'> {
  return {
    topic: 'commands',
    async handle(tx, event, _record: LogRecord, now): Promise<HandlerResult> {
      const command = event.payload;
      if ((await getHandledCommand(tx, command.commandId)) !== null) return {};
      const handled = {
        commandId: command.commandId,
        kind: command.kind,
        actorId: command.actor.userId,
        target: commandTarget(command),
        issuedAt: new Date(command.issuedAt),
        handledAt: now,
        payload: command as unknown as Record<string, unknown>,
      };
      const ctx: Context = { tx, event, now, sourceId: options.sourceId, out: [] };
      try {
        await tx.transaction((sp) => apply({ ...ctx, tx: sp }, command));
      } catch (error) {
        if (!(error instanceof HandlerRejection)) throw error;
        await recordCommand(tx, { ...handled, outcome: 'rejected', reason: error.message });
        return { rejection: { code: error.code, message: error.message } };
      }
      await recordCommand(tx, { ...handled, outcome: 'applied', reason: null });
      const onDispatch = options.onDispatch;
      if ((command.kind === 'dispatch' || command.kind === 'update_status') && onDispatch !== undefined)
        return { publish: ctx.out, after: onDispatch };
      return { publish: ctx.out };
    },
  };
}
