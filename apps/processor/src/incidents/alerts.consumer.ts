/**
 * live.alerts → incidents. Each alert is placed by the domain's merge decision: an update of an alert
 * already in an incident updates that incident (only when its severity changed: repeated updates of a
 * cluster do not flood the timeline), an alert close to an open incident of a compatible category is
 * added to it, any other alert that calls for action opens a new incident. The change is stored with
 * its event (idempotent by the alert's envelope id) and the alert is linked; live.incidents follows.
 */
import {
  getIncident,
  incidentOfAlert,
  linkAlerts,
  lockIncident,
  openIncidentsNear,
  saveIncidentChange,
} from '@vigie/db/incidents-repository';
import type { Db } from '@vigie/db/database';
import { attachAlert, openIncidentFromAlert } from '@vigie/domain/incidents/apply-alert';
import type { AlertDetails } from '@vigie/domain/incidents/apply-alert';
import { anchorPoint, placeAlert, searchReachKm } from '@vigie/domain/incidents/place-alert';
import type { PlacementOptions } from '@vigie/domain/incidents/place-alert';
import { deriveEventId } from '../derive-event-id';
import { eventOf, incidentRecord, toRecord, toState } from './incident-record';
import type { TopicHandler } from './run-topic-consumer';

/** Follows `merged_into` links to the incident that absorbed `id`. */
async function survivorOf(tx: Db, id: string): Promise<string> {
  let current = id;
  for (let hops = 0; hops < 10; hops++) {
    const incident = await getIncident(tx, current);
    if (incident?.mergedInto == null) return current;
    current = incident.mergedInto;
  }
  return current;
}

export function alertsConsumer(options: {
  placement: PlacementOptions;
  sourceId: string;
}): TopicHandler<'live.alerts'> {
  return {
    topic: 'live.alerts',
    async handle(tx, event, _record, now) {
      const alert = event.payload;
      const details: AlertDetails = {
        alertId: alert.alertId,
        kind: alert.kind,
        severity: alert.severity,
        status: alert.status,
        category: alert.category,
        position: anchorPoint(alert.place),
        at: alert.updatedAt ?? alert.raisedAt,
        title: alert.title,
        region: alert.region,
        cell: alert.cell,
      };
      if (alert.place.type === 'Polygon' || alert.place.type === 'MultiPolygon') details.area = alert.place;
      const known = await incidentOfAlert(tx, alert.alertId);
      const knownId = known === null ? undefined : await survivorOf(tx, known);
      const candidates =
        knownId !== undefined
          ? []
          : (await openIncidentsNear(tx, details.position, searchReachKm(options.placement))).map(toState);
      const placement = placeAlert(details, knownId, candidates, options.placement);
      if (placement.action === 'ignore') return {};
      const context = { sourceId: options.sourceId, now };
      if (placement.action === 'open') {
        const id = deriveEventId(Date.parse(details.at), 'incident-from-alert', event.id);
        const { incident, change } = openIncidentFromAlert(details, id, event.id);
        if (!(await saveIncidentChange(tx, toRecord(incident), eventOf(change)))) return {};
        await linkAlerts(tx, id, [alert.alertId]);
        return { publish: [incidentRecord(incident, change, context)] };
      }
      const stored = await lockIncident(tx, placement.incidentId);
      if (stored === null) return {};
      const before = toState(stored);
      const previous = before.evidence.find((e) => e.alertId === alert.alertId);
      if (placement.action === 'update' && previous !== undefined && previous.severity === alert.severity)
        return {};
      if (placement.action === 'update' && (before.status === 'resolved' || before.status === 'closed'))
        return {};
      const { incident, change } = attachAlert(before, details, event.id);
      if (!(await saveIncidentChange(tx, toRecord(incident), eventOf(change)))) return {};
      await linkAlerts(tx, incident.id, [alert.alertId]);
      return { publish: [incidentRecord(incident, change, context)] };
    },
  };
}
