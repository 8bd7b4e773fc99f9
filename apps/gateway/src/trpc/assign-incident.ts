/** `incidents.assign`: assign a user or a team to an incident (command `assign`). */
import { ZAssignIncidentInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const assignIncidentProcedure = procedureWith('incident.assign')
  .input(ZAssignIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) => issueCommand(ctx, 'assign', body, commandId));
