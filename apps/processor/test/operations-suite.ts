/**
 * Incidents, commands and dispatch through the running processor on real services: alerts open
 * incidents that are published, dispatch commands reserve stock (one of two racing for the last kits
 * wins, the other is told why), field status moves the incident, and commands the lifecycle does not
 * allow are rejected with their reason.
 */
import type { Log } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TCommandEventV1, TCommandV1 } from '@vigie/contracts/commands';
import { commandTarget } from '@vigie/contracts/commands';
import type { TLiveAlertEventV1 } from '@vigie/contracts/live-alerts';
import { ZLiveEntityEventV1 } from '@vigie/contracts/live-entities';
import { ZLiveIncidentEventV1 } from '@vigie/contracts/live-incidents';
import { upsertAsset } from '@vigie/db/assets-repository';
import { assetsByIds, dispatchesOfIncident } from '@vigie/db/dispatches-repository';
import { getIncident, incidentTimeline } from '@vigie/db/incidents-repository';
import { getHandledCommand } from '@vigie/db/operator-commands-repository';
import { applyInventoryChange, getStock, upsertWarehouse } from '@vigie/db/stock-repository';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../src/start-processor';
import { startProcessor } from '../src/start-processor';
import type { ServiceFixture, Services } from './harness';
import { readTopics, testLogger } from './harness';
import { positionEvent, positionRecord } from './raw-events';

const WAIT = { timeoutMs: 60_000 };
const coordinator = { kind: 'user' as const, userId: 'u-coord-1', role: 'coordinator' as const };

type CommandInput = TCommandV1 extends infer C
  ? C extends TCommandV1
    ? Omit<C, 'commandId' | 'actor' | 'issuedAt'>
    : never
  : never;

function commandEvent(command: CommandInput): TCommandEventV1 {
  const now = new Date().toISOString();
  const payload = { ...command, commandId: newEventId(), actor: coordinator, issuedAt: now } as TCommandV1;
  return {
    id: newEventId(),
    type: 'command',
    v: 1,
    source: 'vigie-gateway',
    occurredAt: now,
    receivedAt: now,
    payload,
  };
}

async function send(log: Log, topic: string, ...events: TCommandEventV1[]): Promise<void> {
  await log.produce(
    topic,
    events.map((e) => ({ key: commandTarget(e.payload), value: JSON.stringify(e) })),
  );
}

export function runOperationsSuite(name: string, fixture: () => ServiceFixture): void {
  describe(name, () => {
    const services = fixture();
    let s: Services;
    let processor: Processor;
    let reader: Awaited<ReturnType<typeof readTopics>>;
    const prefix = `${uniqueName('ops')}.`;
    const tag = uniqueName('t');

    beforeAll(async () => {
      s = await services.open();
      processor = await startProcessor({
        db: s.database,
        log: s.log,
        logger: testLogger,
        metrics: new Registry(),
        config: { topicPrefix: prefix, groupId: uniqueName('grp'), partitions: 2, validateOutput: true },
      });
      reader = await readTopics(s.log, [
        processor.topics['live.incidents'],
        processor.topics.deadletter,
        processor.topics['live.entities'],
      ]);
      const db = s.database.db;
      await upsertWarehouse(db, {
        id: `wh-${tag}`,
        name: 'Les Cayes',
        position: { lon: -73.75, lat: 18.19 },
      });
      await applyInventoryChange(
        db,
        { warehouseId: `wh-${tag}`, item: 'WATER-KIT', unit: 'kit' },
        { op: 'set', quantity: 10 },
        { actor: 'system:test' },
      );
      for (const id of ['truck-a', 'truck-b']) {
        await upsertAsset(db, { id: `${id}-${tag}`, kind: 'vehicle', name: id, attrs: { capacity: 100 } });
      }
    });

    afterAll(async () => {
      await reader?.close();
      await processor?.close();
      await services.close();
    });

    const incidents = () =>
      reader
        .messages(processor.topics['live.incidents'])
        .map((m) => m.value.payload as Record<string, unknown>);
    const entitiesOf = (id: string) =>
      reader
        .messages(processor.topics['live.entities'])
        .map((m) => m.value.payload as Record<string, unknown>)
        .filter((e) => e.entityId === id);

    it('opens one incident from flood alerts and their updates, publishes it, then runs it through dispatch', async () => {
      const alert = (n: number, lon: number): TLiveAlertEventV1 => {
        const now = new Date().toISOString();
        return {
          id: newEventId(),
          type: 'alert',
          v: 1,
          source: 'vigie-processor',
          occurredAt: now,
          receivedAt: now,
          payload: {
            alertId: `cluster-${tag}-${n}`,
            kind: 'report_cluster',
            severity: 'moderate',
            status: 'active',
            title: 'Flood reports in Les Cayes',
            category: 'flood',
            place: { type: 'Point', coordinates: [lon, 18.2] },
            evidence: [],
            raisedAt: now,
          },
        };
      };
      const alerts = [alert(1, -73.75), alert(2, -73.752), alert(1, -73.75), alert(3, -73.748)];
      await s.log.produce(
        processor.topics['live.alerts'],
        alerts.map((a) => ({ key: a.payload.alertId, value: JSON.stringify(a) })),
      );
      const opened = await waitFor(
        () => {
          const all = incidents().filter((i) =>
            (i.alertIds as string[]).some((a) => a.startsWith(`cluster-${tag}`)),
          );
          const last = all.at(-1);
          return last !== undefined && (last.alertIds as string[]).length === 3 ? all : undefined;
        },
        { ...WAIT, what: 'one incident holding the three clusters' },
      );
      const ids = new Set(opened.map((i) => i.incidentId));
      expect(ids.size).toBe(1);
      const incidentId = [...ids][0] as string;
      expect(opened[0]).toMatchObject({ change: 'opened', status: 'detected', category: 'flood' });

      // A command the lifecycle does not allow: resolving is fine, but acknowledging twice is not.
      const ack = commandEvent({ kind: 'acknowledge_incident', incidentId });
      const ackAgain = commandEvent({ kind: 'acknowledge_incident', incidentId });
      await send(s.log, processor.topics.commands, ack, ackAgain);
      const refused = await waitFor(
        async () => (await getHandledCommand(s.database.db, ackAgain.payload.commandId)) ?? undefined,
        WAIT,
      );
      expect(refused).toMatchObject({
        outcome: 'rejected',
        reason: `Incident ${incidentId} is already acknowledged.`,
      });
      expect((await getHandledCommand(s.database.db, ack.payload.commandId))?.outcome).toBe('applied');
      const letter = await waitFor(
        () =>
          reader
            .messages(processor.topics.deadletter)
            .find((m) => (m.value.payload as { message?: string }).message?.includes('already acknowledged')),
        { ...WAIT, what: 'the rejection on the dead-letter topic' },
      );
      expect(letter.value.payload).toMatchObject({
        originTopic: processor.topics.commands,
        code: 'CONFLICT',
      });

      // Two coordinators dispatch the last 10 water kits at once, with two trucks.
      const dispatch = (truck: string) =>
        commandEvent({
          kind: 'dispatch',
          incidentId,
          assetIds: [`${truck}-${tag}`],
          stock: [{ warehouseId: `wh-${tag}`, itemCode: 'WATER-KIT', quantity: 10, unit: 'kit' }],
        });
      const first = dispatch('truck-a');
      const second = dispatch('truck-b');
      await send(s.log, processor.topics.commands, first, second);
      const outcomes = await waitFor(async () => {
        const a = await getHandledCommand(s.database.db, first.payload.commandId);
        const b = await getHandledCommand(s.database.db, second.payload.commandId);
        return a !== null && b !== null ? [a, b] : undefined;
      }, WAIT);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'rejected']);
      const loser = outcomes.find((o) => o.outcome === 'rejected')!;
      expect(loser.reason).toBe(
        `Not enough stock: no WATER-KIT left to reserve in wh-${tag} (asked for 10). Another dispatch may have taken it; plan again.`,
      );
      expect(await getStock(s.database.db, `wh-${tag}`, 'WATER-KIT')).toMatchObject({
        quantity: 10,
        reserved: 10,
      });
      const winner = outcomes.find((o) => o.outcome === 'applied')!;
      const truck = (winner.payload as { assetIds: string[] }).assetIds[0]!;
      const dispatches = await dispatchesOfIncident(s.database.db, incidentId);
      expect(dispatches.map((d) => [d.assetId, d.item, d.quantity, d.status]).sort()).toEqual([
        [truck, null, null, 'assigned'],
        [truck, 'WATER-KIT', 10, 'assigned'],
      ]);
      await waitFor(
        () => incidents().some((i) => i.incidentId === incidentId && i.status === 'dispatched'),
        WAIT,
      );

      // Closing an incident with a truck on its way is refused with what to do.
      const close = commandEvent({ kind: 'close', incidentId });
      await send(s.log, processor.topics.commands, close);
      const closeOutcome = await waitFor(
        async () => (await getHandledCommand(s.database.db, close.payload.commandId)) ?? undefined,
        WAIT,
      );
      expect(closeOutcome.reason).toBe(
        `Incident ${incidentId} is dispatched with 1 asset(s) dispatched: resolve it first, then close it.`,
      );

      // The crew reports on scene: dispatch and incident move, the kits leave the warehouse.
      const onScene = commandEvent({ kind: 'update_status', assetId: truck, status: 'on_scene' });
      await send(s.log, processor.topics.commands, onScene);
      const live = await waitFor(
        () => incidents().find((i) => i.incidentId === incidentId && i.status === 'on_scene'),
        { ...WAIT, what: 'the incident on scene' },
      );
      expect(live).toMatchObject({
        change: 'status_changed',
        commandId: onScene.payload.commandId,
        actor: coordinator,
      });
      expect((await getIncident(s.database.db, incidentId))?.status).toBe('on_scene');
      expect(
        (await dispatchesOfIncident(s.database.db, incidentId)).every((d) => d.status === 'on_scene'),
      ).toBe(true);
      expect(await getStock(s.database.db, `wh-${tag}`, 'WATER-KIT')).toMatchObject({
        quantity: 0,
        reserved: 0,
      });
      expect((await incidentTimeline(s.database.db, incidentId)).map((e) => e.type)).toEqual([
        'opened',
        'evidence_added',
        'evidence_added',
        'status_changed',
        'dispatched',
        'status_changed',
      ]);
    });
    it('follows a dispatched truck: assigned on the map at once, its ETA falling as it drives, on scene on arrival', async () => {
      const truck = `truck-c-${tag}`;
      const incidentId = `inc-${tag}-road`;
      const target = { lon: -73.7, lat: 18.3 };
      const start = { lon: -73.7, lat: 18.48 }; // 20 km north
      const along = (f: number) => ({
        lon: start.lon + (target.lon - start.lon) * f,
        lat: start.lat + (target.lat - start.lat) * f,
      });
      await upsertAsset(s.database.db, {
        id: truck,
        kind: 'vehicle',
        name: 'Truck C',
        attrs: { capacity: 100 },
      });

      // Opened by hand from an alert the processor has not seen yet: the alert is in the published state.
      await send(
        s.log,
        processor.topics.commands,
        commandEvent({
          kind: 'create_incident',
          incidentId,
          title: 'Road cut at Camp-Perrin',
          severity: 'moderate',
          category: 'flood',
          position: target,
          alertIds: [`ext-${tag}`],
        }),
      );
      const opened = await waitFor(
        () => incidents().find((i) => i.incidentId === incidentId && i.change === 'opened'),
        { ...WAIT, what: 'the incident created by hand' },
      );
      expect(opened.alertIds).toEqual([`ext-${tag}`]);

      // The truck's device reports it available, before and after it is dispatched.
      const drive = (f: number) =>
        s.log.produce(processor.topics['raw.positions'], [
          positionRecord(positionEvent(truck, Date.now(), along(f), { speed: 15, status: 'available' })),
        ]);
      await drive(0);
      await waitFor(() => entitiesOf(truck).find((e) => e.status === 'available'), {
        ...WAIT,
        what: 'the truck on the map',
      });
      const dispatch = commandEvent({ kind: 'dispatch', incidentId, assetIds: [truck] });
      await send(s.log, processor.topics.commands, dispatch);
      const assigned = await waitFor(() => entitiesOf(truck).find((e) => e.status === 'assigned'), {
        ...WAIT,
        what: 'the truck assigned on the map, without a new fix',
      });
      expect(assigned).toMatchObject({ incidentId, position: start });

      const etas = () =>
        incidents()
          .filter((i) => i.incidentId === incidentId && i.dispatch !== undefined && i.change === 'updated')
          .map((i) => i.dispatch as { assetId: string; eta: string; distanceM: number; status: string });
      for (const [n, f] of [0.25, 0.5, 0.75].entries()) {
        await drive(f);
        await waitFor(() => (etas().length > n ? true : undefined), {
          ...WAIT,
          what: `ETA update ${n + 1} of the truck`,
        });
      }
      const updates = etas();
      expect(updates.map((u) => u.assetId)).toEqual([truck, truck, truck]);
      expect(updates.every((u) => u.status === 'assigned')).toBe(true);
      const times = updates.map((u) => Date.parse(u.eta));
      expect(times[1]!).toBeLessThan(times[0]!);
      expect(times[2]!).toBeLessThan(times[1]!);
      expect(updates[2]!.distanceM).toBeGreaterThan(4000);
      expect(updates[2]!.distanceM).toBeLessThan(6000);
      // Its own fixes keep the operational status, not the one the device reports.
      const lastFix = entitiesOf(truck)
        .filter((e) => e.position !== undefined)
        .at(-1)!;
      expect(lastFix).toMatchObject({ status: 'assigned', position: along(0.75) });
      const stored = (await dispatchesOfIncident(s.database.db, incidentId))[0]!;
      expect(stored.eta?.toISOString()).toBe(updates[2]!.eta);

      // 100 m short of the incident: arrived.
      await drive(0.995);
      const arrival = await waitFor(
        () => incidents().find((i) => i.incidentId === incidentId && i.status === 'on_scene'),
        { ...WAIT, what: 'the incident on scene on arrival' },
      );
      expect(arrival).toMatchObject({
        change: 'status_changed',
        actor: { kind: 'system', component: 'dispatch-tracking' },
        dispatch: { assetId: truck, status: 'on_scene' },
      });
      const [row] = await dispatchesOfIncident(s.database.db, incidentId);
      expect(row).toMatchObject({ status: 'on_scene', assetId: truck });
      expect(row!.arrivedAt).not.toBeNull();
      expect((await assetsByIds(s.database.db, [truck]))[0]?.status).toBe('on_scene');
      await waitFor(() => entitiesOf(truck).find((e) => e.status === 'on_scene'), {
        ...WAIT,
        what: 'the truck on scene on the map',
      });
      expect((await getIncident(s.database.db, incidentId))?.status).toBe('on_scene');
      // What the operational consumers published for the truck and the incident fits the contracts.
      for (const m of reader.messages(processor.topics['live.entities']).filter((m) => m.key === truck))
        expect(ZLiveEntityEventV1.safeParse(m.value).error).toBeUndefined();
      for (const m of reader.messages(processor.topics['live.incidents']).filter((m) => m.key === incidentId))
        expect(ZLiveIncidentEventV1.safeParse(m.value).error).toBeUndefined();
    });
    it('keeps a commanded status in the positions pipeline of another processor, which only reads it back', async () => {
      // A second processor without operational consumers, the only one reading the fixes of this test
      // (a raw.positions topic of its own): its positions pipeline shares nothing in memory with the
      // processor applying the commands, only the database and the live topics.
      const positionsTopic = `${prefix}b.raw.positions`;
      const other = await startProcessor({
        db: s.database,
        log: s.log,
        logger: testLogger,
        metrics: new Registry(),
        config: {
          topicPrefix: prefix,
          groupId: uniqueName('grp-positions'),
          sourceId: 'vigie-processor-b',
          topics: { 'raw.positions': positionsTopic },
          partitions: 2,
          validateOutput: true,
          operations: false,
          media: false,
          detection: { enabled: false },
          keyframes: { enabled: false },
          retention: { enabled: false },
        },
      });
      try {
        const truck = `truck-d-${tag}`;
        const incidentId = `inc-${tag}-other`;
        await upsertAsset(s.database.db, { id: truck, kind: 'vehicle', name: 'Truck D' });
        await send(
          s.log,
          processor.topics.commands,
          commandEvent({
            kind: 'create_incident',
            incidentId,
            title: 'Landslide at Beaumont',
            severity: 'severe',
            position: { lon: -73.95, lat: 18.48 },
          }),
        );
        await waitFor(() => incidents().find((i) => i.incidentId === incidentId), WAIT);
        const fromOther = (lon: number) =>
          reader
            .messages(processor.topics['live.entities'])
            .filter((m) => m.value.source === 'vigie-processor-b')
            .map((m) => m.value.payload as { entityId: string; status?: string; position?: { lon: number } })
            .find((e) => e.entityId === truck && e.position?.lon === lon);
        const fix = async (lon: number, status: 'en_route' | 'returning') => {
          await s.log.produce(positionsTopic, [
            positionRecord(positionEvent(truck, Date.now(), { lon, lat: 18.45 }, { speed: 10, status })),
          ]);
          return waitFor(() => fromOther(lon), { ...WAIT, what: `the other processor's state at ${lon}` });
        };

        // Nothing commanded yet: the device's status shows.
        expect((await fix(-73.9, 'en_route')).status).toBe('en_route');
        await send(
          s.log,
          processor.topics.commands,
          commandEvent({ kind: 'dispatch', incidentId, assetIds: [truck] }),
        );
        await waitFor(() => entitiesOf(truck).find((e) => e.status === 'assigned'), WAIT);
        // Dispatched: the commanded status wins over the device's.
        expect((await fix(-73.91, 'en_route')).status).toBe('assigned');
        // Released: the device's status shows again.
        await send(
          s.log,
          processor.topics.commands,
          commandEvent({ kind: 'update_status', assetId: truck, status: 'available' }),
        );
        await waitFor(() => entitiesOf(truck).find((e) => e.status === 'available'), WAIT);
        expect((await fix(-73.92, 'returning')).status).toBe('returning');
      } finally {
        await other.close();
      }
    });
  });
}
