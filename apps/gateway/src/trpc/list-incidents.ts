/** `incidents.list`: the incident queue with filters (status, severity, category, region, bbox, text), by cursor. */
import { ZIncidentList, ZIncidentListInput } from '@vigie/contracts/incident-api';
import { listIncidents } from '@vigie/db/incident-queries-repository';
import { procedureWith } from './trpc-init';

export const listIncidentsProcedure = procedureWith('incident.view')
  .input(ZIncidentListInput)
  .output(ZIncidentList)
  .query(({ ctx, input }) => listIncidents(ctx.services.database.db, input));
