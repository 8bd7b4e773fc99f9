/**
 * The live.alerts record of an alert's current state, keyed by alert id. The envelope id derives from
 * the alert id, its status and the time of its latest change, so publishing the same state again
 * gives the same id.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { TLiveAlertEventV1, TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import { deriveEventId } from '../derive-event-id';

export function alertEventId(alert: TLiveAlertV1): string {
  const at = alert.updatedAt ?? alert.raisedAt;
  return deriveEventId(
    Date.parse(at),
    'alert',
    alert.alertId,
    alert.status,
    at,
    String(alert.evidence.length),
  );
}

export function alertRecord(alert: TLiveAlertV1, context: { sourceId: string; now: Date }): ProduceRecord {
  const event: TLiveAlertEventV1 = {
    id: alertEventId(alert),
    type: 'alert',
    v: 1,
    source: context.sourceId,
    occurredAt: alert.updatedAt ?? alert.raisedAt,
    receivedAt: context.now.toISOString(),
    payload: alert,
  };
  if (alert.place.type === 'Point') {
    const [lon, lat] = alert.place.coordinates;
    event.geo = { lon, lat };
  }
  return { key: alert.alertId, value: JSON.stringify(event) };
}
