/** `incidents.close`: close an incident (command `close`). */
import { ZCloseIncidentInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const closeIncidentProcedure = procedureWith('incident.close')
  .input(ZCloseIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) => issueCommand(ctx, 'close', body, commandId));
