/** `incidents.timeline`: an incident's events after a sequence number. Field users: their own incidents. */
import { AppError } from '@vigie/contracts/errors';
import { ZIncidentTimeline, ZIncidentTimelineInput } from '@vigie/contracts/incident-api';
import { incidentTimeline } from '@vigie/db/incident-queries-repository';
import { assertIncidentVisible } from './field-scope';
import { procedureWith } from './trpc-init';

export const getIncidentTimelineProcedure = procedureWith('incident.view', 'assignment.view_own')
  .input(ZIncidentTimelineInput)
  .output(ZIncidentTimeline)
  .query(async ({ ctx, input }) => {
    await assertIncidentVisible(ctx.services, ctx.user, ctx.ip, input.incidentId);
    const timeline = await incidentTimeline(ctx.services.database.db, input.incidentId, input);
    if (timeline === null) throw new AppError('NOT_FOUND', `No incident ${input.incidentId}`);
    return timeline;
  });
