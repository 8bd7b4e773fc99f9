/** `incidents.resolve`: mark an incident resolved with a resolution text (command `resolve`). */
import { ZResolveIncidentInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const resolveIncidentProcedure = procedureWith('incident.resolve')
  .input(ZResolveIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) => issueCommand(ctx, 'resolve', body, commandId));
