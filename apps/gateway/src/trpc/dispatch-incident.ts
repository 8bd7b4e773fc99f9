/** `incidents.dispatch`: send vehicles and stock to an incident (command `dispatch`); the processor reserves the stock. */
import { ZDispatchIncidentInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const dispatchIncidentProcedure = procedureWith('incident.dispatch')
  .input(ZDispatchIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) => issueCommand(ctx, 'dispatch', body, commandId));
