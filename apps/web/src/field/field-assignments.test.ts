import type { TFieldAssignment } from '@vigie/contracts/field-api';
import { describe, expect, it } from 'vitest';
import { assignmentsByIncident } from './field-assignments';

const assignment = (
  incidentId: string,
  via: 'dispatch' | 'assignment',
  assignedAt: string,
): TFieldAssignment => ({
  via,
  assignedAt,
  incident: {
    incidentId,
    title: incidentId,
    status: 'dispatched',
    severity: 'severe',
    openedAt: '2026-11-24T08:00:00.000Z',
    updatedAt: '2026-11-24T08:00:00.000Z',
    alertCount: 1,
    dispatchCount: 1,
  },
});

describe('field assignments', () => {
  it('lists each incident once, its dispatch preferred, newest first', () => {
    const list = assignmentsByIncident([
      assignment('a', 'assignment', '2026-11-24T08:05:00.000Z'),
      assignment('a', 'dispatch', '2026-11-24T08:04:00.000Z'),
      assignment('b', 'assignment', '2026-11-24T08:01:00.000Z'),
      assignment('b', 'assignment', '2026-11-24T08:09:00.000Z'),
    ]);
    expect(list.map((a) => [a.incident.incidentId, a.via, a.assignedAt])).toEqual([
      ['b', 'assignment', '2026-11-24T08:09:00.000Z'],
      ['a', 'dispatch', '2026-11-24T08:04:00.000Z'],
    ]);
  });
});
