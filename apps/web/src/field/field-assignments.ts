// My assignments as the page lists them: one entry per incident (my vehicle's dispatch and my own assignment
// to the same incident are one job), the dispatch preferred since it carries the vehicle's status; newest first.
import type { TFieldAssignment } from '@vigie/contracts/field-api';

export function assignmentsByIncident(items: readonly TFieldAssignment[]): TFieldAssignment[] {
  const byIncident = new Map<string, TFieldAssignment>();
  for (const item of items) {
    const known = byIncident.get(item.incident.incidentId);
    const better =
      known === undefined ||
      (item.via === 'dispatch' && known.via !== 'dispatch') ||
      (item.via === known.via && Date.parse(item.assignedAt) > Date.parse(known.assignedAt));
    if (better) byIncident.set(item.incident.incidentId, item);
  }
  return [...byIncident.values()].sort((a, b) => Date.parse(b.assignedAt) - Date.parse(a.assignedAt));
}
