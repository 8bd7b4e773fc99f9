import { describe, expect, it } from 'vitest';
import { ZAlertListInput } from './alert-api';
import { ZCreateFieldReportInput, ZUpdateAssetStatusInput } from './field-api';
import { ZDispatchIncidentInput, ZIncidentDetail, ZIncidentListInput } from './incident-api';
import { ZCreateNotificationChannelInput, ZInAppNotificationV1 } from './notification-api';
import { GatewayToClient, parseSocketEvent } from './socket-catalog';
import { ZStockImportInput } from './stock-api';

describe('incident API contracts', () => {
  it('defaults list limits and rejects unknown statuses', () => {
    expect(ZIncidentListInput.parse({}).limit).toBe(100);
    expect(ZIncidentListInput.safeParse({ status: ['open'] }).success).toBe(false);
    expect(ZIncidentListInput.safeParse({ bbox: [-74, 18, -72, 19], region: 'HTI' }).success).toBe(true);
    expect(ZAlertListInput.parse({ unacknowledged: true }).unacknowledged).toBe(true);
  });

  it('accepts a client command id only in the event id format', () => {
    const base = { incidentId: 'inc-1', assetIds: ['truck-1'] };
    expect(
      ZDispatchIncidentInput.safeParse({ ...base, commandId: '01J9Z3Y6K8M4N2P5Q7R9S1T3V5' }).success,
    ).toBe(true);
    expect(ZDispatchIncidentInput.safeParse({ ...base, commandId: 'retry-1' }).success).toBe(false);
    expect(ZDispatchIncidentInput.safeParse({ ...base, assetIds: [] }).success).toBe(false);
  });

  it('describes an incident detail with evidence positions and dispatches', () => {
    const at = '2026-01-12T10:00:00Z';
    const detail = {
      incident: {
        incidentId: 'inc-1',
        title: 'Flooding in Les Cayes',
        status: 'dispatched',
        severity: 'severe',
        openedAt: at,
        updatedAt: at,
        alertCount: 1,
        dispatchCount: 1,
        lastSeq: 3,
      },
      alerts: [],
      evidence: [
        {
          alertId: 'al-1',
          kind: 'report',
          eventId: '01J9Z3Y6K8M4N2P5Q7R9S1T3V5',
          at,
          position: { lon: -73.75, lat: 18.19 },
        },
      ],
      needs: [{ itemCode: 'WATER-KIT', quantity: 10 }],
      dispatches: [{ dispatchId: 'd-1', status: 'en_route', createdAt: at, updatedAt: at, eta: at }],
      assignees: [],
    };
    expect(ZIncidentDetail.safeParse(detail).success).toBe(true);
  });

  it('checks field inputs, stock imports and notification channels', () => {
    expect(ZUpdateAssetStatusInput.safeParse({ status: 'on_scene' }).success).toBe(true);
    expect(ZCreateFieldReportInput.safeParse({ text: '' }).success).toBe(false);
    expect(ZStockImportInput.parse({ text: 'warehouse,item,quantity,unit' }).format).toBe('csv');
    expect(
      ZCreateNotificationChannelInput.safeParse({ kind: 'email', name: 'Ops', target: 'a@x.org, b@y.org' })
        .success,
    ).toBe(true);
    expect(
      ZCreateNotificationChannelInput.safeParse({ kind: 'email', name: 'Ops', target: 'not an address' })
        .success,
    ).toBe(false);
    expect(
      ZCreateNotificationChannelInput.safeParse({ kind: 'webhook', name: 'S', target: 'ftp://x' }).success,
    ).toBe(false);
  });

  it('adds versioned alert, incident, zones and notification socket events', () => {
    const at = '2026-01-12T10:00:00Z';
    const notification = {
      notificationId: 'n-1',
      reason: 'escalation',
      severity: 'extreme',
      title: 'Quake',
      at,
    };
    expect(ZInAppNotificationV1.safeParse(notification).success).toBe(true);
    expect(parseSocketEvent(GatewayToClient, 'notification', { v: 1, notification }).ok).toBe(true);
    expect(parseSocketEvent(GatewayToClient, 'notification', { v: 2, notification }).ok).toBe(false);
    const zone = {
      zoneId: 'z-1',
      kind: 'hazard',
      name: 'Flood zone',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [-74, 18],
              [-73, 18],
              [-73, 19],
              [-74, 18],
            ],
          ],
        ],
      },
      updatedAt: at,
    };
    expect(
      parseSocketEvent(GatewayToClient, 'zones', { v: 1, full: true, upserts: [zone], removes: [] }).ok,
    ).toBe(true);
  });
});
