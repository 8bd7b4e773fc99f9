/**
 * `incidents.detail`: one incident with its alerts, evidence and positions, needs, dispatches (vehicle,
 * status, ETA) and assignees. Field users get only their own incidents.
 */
import { AppError } from '@vigie/contracts/errors';
import { ZIncidentDetail, ZIncidentIdInput } from '@vigie/contracts/incident-api';
import { getIncidentDetail } from '@vigie/db/incident-queries-repository';
import { assertIncidentVisible } from './field-scope';
import { procedureWith } from './trpc-init';

export const getIncidentDetailProcedure = procedureWith('incident.view', 'assignment.view_own')
  .input(ZIncidentIdInput)
  .output(ZIncidentDetail)
  .query(async ({ ctx, input }) => {
    await assertIncidentVisible(ctx.services, ctx.user, ctx.ip, input.incidentId);
    const detail = await getIncidentDetail(ctx.services.database.db, input.incidentId);
    if (detail === null) throw new AppError('NOT_FOUND', `No incident ${input.incidentId}`);
    return detail;
  });
