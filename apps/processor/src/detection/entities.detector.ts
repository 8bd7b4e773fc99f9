/**
 * live.entities → geofence alerts: each asset's newest position is checked against the zones valid at
 * its time (hazard zones, restricted areas, yards), entering, leaving and dwelling. State per asset.
 */
import { upsertAlerts } from '@vigie/db/alerts-repository';
import type { GeofenceState } from '@vigie/domain/detection/geofence-detector';
import { detectGeofence } from '@vigie/domain/detection/geofence-detector';
import type { AlertDraft } from '@vigie/domain/detection/alert-draft';
import type { DetectionContext } from './detection-context';
import type { DetectionStage } from './detection-stage';
import { StateView, latestStates } from './detection-stage';

export function entitiesDetector(context: DetectionContext): DetectionStage<'live.entities'> {
  return {
    topic: 'live.entities',
    plan(events, checkpoint) {
      const view = new StateView(checkpoint);
      const raised: AlertDraft[] = [];
      for (const { event } of events) {
        const entity = event.payload;
        if (entity.entityKind === 'sensor' || entity.position === undefined) continue;
        const at = Date.parse(entity.lastSeenAt ?? entity.updatedAt);
        for (const rule of context.rules.geofence) {
          const key = `gf:${rule.ruleId}:${entity.entityId}`;
          const step = detectGeofence(
            view.get<GeofenceState>(key),
            {
              assetId: entity.entityId,
              ...(entity.name === undefined ? {} : { name: entity.name }),
              at,
              lon: entity.position.lon,
              lat: entity.position.lat,
              eventId: event.id,
              ...(entity.region === undefined ? {} : { region: entity.region }),
              ...(entity.cell === undefined ? {} : { cell: entity.cell }),
            },
            context.zones,
            rule,
          );
          const empty = Object.keys(step.state.inside).length === 0;
          if (!empty) view.set(key, step.state);
          else if (view.get(key) !== undefined) view.set(key, null);
          raised.push(...step.alerts);
        }
      }
      const alerts = latestStates(raised);
      return {
        write: async (tx) => {
          if (alerts.length > 0) await upsertAlerts(tx, alerts);
          return { alerts, rejected: [] };
        },
        statePatch: view.patch,
        apply: () => {},
      };
    },
  };
}
