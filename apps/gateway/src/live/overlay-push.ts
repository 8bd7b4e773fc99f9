/**
 * Live push of the overlay layers: alerts, incidents and zones, and in-app notifications.
 *
 * Each connected socket is registered with its user; a `subscribe` sets its viewport and layers (the
 * same request as live entities). Who gets what:
 * - roles with `map.view` get alerts and incidents of the `alerts`/`incidents` layers inside their
 *   viewport, and zones of the `zones` layer intersecting it (a full set after each subscribe, then
 *   changes);
 * - field users (`map.view_nearby`) get the alerts and incidents of their own incidents wherever they
 *   are, and those inside their nearby area (the viewport clipped to the area around their asset);
 *   zones likewise inside that area;
 * - notifications go to every socket whose role holds `incident.view`, and to field users concerned
 *   by the incident or the area.
 */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { TInAppNotificationV1 } from '@vigie/contracts/notification-api';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TBbox } from '@vigie/contracts/primitives';
import { can } from '@vigie/contracts/roles';
import type { SocketPayload, TGatewayToClient, TMapLayer } from '@vigie/contracts/socket-catalog';
import type { TLiveZoneV1 } from '@vigie/contracts/zone-api';
import { zonesChangedSince, zonesValidAt } from '@vigie/db/zone-queries-repository';
import type { Logger } from 'pino';
import type { GatewayServices } from '../gateway-services';
import type { FieldScope } from '../trpc/field-scope';
import { loadFieldScope } from '../trpc/field-scope';
import { bboxCenter, clipBbox, squareAround } from './nearby-area';

type OverlayEvent = 'alert' | 'incident' | 'zones' | 'notification';

export type OverlayEmit = <Name extends OverlayEvent>(
  socketId: string,
  event: Name,
  payload: SocketPayload<TGatewayToClient, Name>,
) => void;

interface OverlayClient {
  user: TSessionUser;
  layers: Set<TMapLayer>;
  bbox: TBbox | null;
  field: FieldScope | null;
  /** Zone ids this client holds (to send removals). */
  zoneIds: Set<string>;
}

type Bounds = [number, number, number, number];

/** Bounds of any GeoJSON geometry's coordinates. */
export function geometryBounds(geometry: { coordinates: unknown }): Bounds | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
      return;
    }
    for (const child of c) visit(child);
  };
  visit(geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export function boundsOverlap(box: TBbox, [w, s, e, n]: Bounds): boolean {
  const [bw, bs, be, bn] = box;
  if (n < bs || s > bn) return false;
  if (bw <= be) return !(e < bw || w > be);
  return !(e < bw && w > be);
}

/** Sends a notification to the staff sockets of every gateway (the socket.io room, through the adapter). */
export type StaffBroadcast = (notification: TInAppNotificationV1) => void;

/** socket.io room of the sockets whose role holds `incident.view`. */
export const STAFF_ROOM = 'overlay:staff';

export class OverlayPush {
  private readonly clients = new Map<string, OverlayClient>();
  private emit: OverlayEmit | undefined;
  private broadcast: StaffBroadcast | undefined;
  private zoneTimer: NodeJS.Timeout | undefined;
  private zonesSince = new Date();
  private readonly logger: Logger;

  constructor(private readonly services: GatewayServices) {
    this.logger = services.logger.child({ component: 'overlay-push' });
  }

  setEmitter(emit: OverlayEmit, broadcast?: StaffBroadcast): void {
    this.emit = emit;
    this.broadcast = broadcast;
  }

  /** Starts polling the zones table for changes. */
  start(): void {
    this.zonesSince = new Date(Date.now() - 1000);
    this.zoneTimer = setInterval(() => {
      this.pollZones().catch((error: unknown) => this.logger.warn({ err: error }, 'zone poll failed'));
    }, this.services.config.zonesPollMs);
    this.zoneTimer.unref();
  }

  stop(): void {
    clearInterval(this.zoneTimer);
  }

  addClient(socketId: string, user: TSessionUser): void {
    this.clients.set(socketId, { user, layers: new Set(), bbox: null, field: null, zoneIds: new Set() });
  }

  removeClient(socketId: string): void {
    this.clients.delete(socketId);
  }

  unsubscribe(socketId: string): void {
    const client = this.clients.get(socketId);
    if (client === undefined) return;
    client.layers = new Set();
    client.bbox = null;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Sets the client's overlay interest; sends the zones in it when it asks for the zones layer. */
  async subscribe(socketId: string, request: { bbox: TBbox; layers: readonly TMapLayer[] }): Promise<void> {
    const client = this.clients.get(socketId);
    if (client === undefined) return;
    const { user } = client;
    if (!can(user.role, 'map.view') && !can(user.role, 'map.view_nearby')) {
      client.layers = new Set();
      return;
    }
    let bbox: TBbox | null = request.bbox;
    if (!can(user.role, 'map.view')) {
      client.field = await loadFieldScope(this.services, user);
      const center = bboxCenter(request.bbox);
      const area =
        client.field.area ?? squareAround(center.lon, center.lat, this.services.config.live.fieldRadiusM);
      bbox = clipBbox(request.bbox, area);
    }
    if (!this.clients.has(socketId)) return;
    client.bbox = bbox;
    client.layers = new Set(
      request.layers.filter((l) => l === 'alerts' || l === 'incidents' || l === 'zones'),
    );
    if (client.layers.has('zones')) {
      const zones =
        bbox === null
          ? []
          : await zonesValidAt(this.services.database.db, {
              at: new Date(),
              kinds: ['hazard', 'geofence'],
              bbox,
            });
      client.zoneIds = new Set(zones.map((z) => z.zoneId));
      this.emit?.(socketId, 'zones', { v: 1, full: true, upserts: zones, removes: [] });
    }
  }

  private fieldConcerned(client: OverlayClient, incidentId: string | undefined): boolean {
    return incidentId !== undefined && client.field !== null && client.field.incidentIds.includes(incidentId);
  }

  pushAlert(alert: TLiveAlertV1): void {
    const bounds = geometryBounds(alert.place);
    for (const [id, client] of this.clients) {
      if (!client.layers.has('alerts')) continue;
      const inView = client.bbox !== null && bounds !== null && boundsOverlap(client.bbox, bounds);
      if (inView || this.fieldConcerned(client, alert.incidentId)) this.emit?.(id, 'alert', { v: 1, alert });
    }
  }

  pushIncident(incident: TLiveIncidentV1): void {
    for (const [id, client] of this.clients) {
      // A field user's own incidents follow the incident (a new assignment or dispatch adds it).
      if (client.field !== null) {
        const mine =
          incident.assigneeIds?.includes(client.user.id) === true ||
          (incident.assigneeIds ?? []).some((a) => client.field!.assetIds.includes(a)) ||
          (incident.dispatchedAssetIds ?? []).some((a) => client.field!.assetIds.includes(a));
        if (mine && !client.field.incidentIds.includes(incident.incidentId))
          client.field.incidentIds.push(incident.incidentId);
      }
      if (!client.layers.has('incidents')) continue;
      const { lon, lat } = incident.position;
      const inView = client.bbox !== null && boundsOverlap(client.bbox, [lon, lat, lon, lat]);
      if (inView || this.fieldConcerned(client, incident.incidentId))
        this.emit?.(id, 'incident', { v: 1, incident });
    }
  }

  pushZones(changed: readonly TLiveZoneV1[], now: Date): void {
    if (changed.length === 0) return;
    for (const [id, client] of this.clients) {
      if (!client.layers.has('zones') || client.bbox === null) continue;
      const upserts: TLiveZoneV1[] = [];
      const removes: string[] = [];
      for (const zone of changed) {
        const valid =
          (zone.validFrom === undefined || Date.parse(zone.validFrom) <= now.getTime()) &&
          (zone.validTo === undefined || Date.parse(zone.validTo) > now.getTime());
        const bounds = geometryBounds(zone.geometry);
        const inView = bounds !== null && boundsOverlap(client.bbox, bounds);
        if (valid && inView) {
          upserts.push(zone);
          client.zoneIds.add(zone.zoneId);
        } else if (client.zoneIds.delete(zone.zoneId)) removes.push(zone.zoneId);
      }
      if (upserts.length > 0 || removes.length > 0)
        this.emit?.(id, 'zones', { v: 1, full: false, upserts, removes });
    }
  }

  /** Reads zones changed since the last poll and pushes them. */
  async pollZones(): Promise<void> {
    if (![...this.clients.values()].some((c) => c.layers.has('zones'))) {
      this.zonesSince = new Date(Date.now() - 1000);
      return;
    }
    const since = this.zonesSince;
    const now = new Date();
    const changed = await zonesChangedSince(this.services.database.db, {
      since,
      kinds: ['hazard', 'geofence'],
    });
    const last = changed[changed.length - 1];
    // Rows stamped at the same instant as the last one may still arrive: keep a small overlap.
    if (last !== undefined)
      this.zonesSince = new Date(Math.max(since.getTime(), Date.parse(last.updatedAt) - 1));
    this.pushZones(changed, now);
    if (last !== undefined) this.zonesSince = new Date(Date.parse(last.updatedAt));
  }

  /**
   * Sends an in-app notification to every socket allowed to see it: roles with `incident.view`, and
   * field users whose incident it is or whose area holds its position. With `everywhere`, the staff
   * sockets of every gateway get it through the socket.io adapter (one gateway decided it, such as an
   * escalation); otherwise only this gateway's sockets (each gateway decides for its own).
   */
  notify(notification: TInAppNotificationV1, options: { everywhere?: boolean } = {}): number {
    let sent = 0;
    const broadcast = options.everywhere === true ? this.broadcast : undefined;
    broadcast?.(notification);
    for (const [id, client] of this.clients) {
      const { role } = client.user;
      if (broadcast !== undefined && can(role, 'incident.view')) {
        sent++;
        continue;
      }
      let allowed = can(role, 'incident.view');
      if (!allowed && can(role, 'assignment.view_own') && client.field !== null) {
        const p = notification.position;
        allowed =
          this.fieldConcerned(client, notification.incidentId) ||
          (p !== undefined &&
            client.field.area !== null &&
            boundsOverlap(client.field.area, [p.lon, p.lat, p.lon, p.lat]));
      }
      if (allowed) {
        this.emit?.(id, 'notification', { v: 1, notification });
        sent++;
      }
    }
    return sent;
  }
}
