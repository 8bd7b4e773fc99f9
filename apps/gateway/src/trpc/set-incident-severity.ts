/** `incidents.setSeverity`: a coordinator overrides an incident's severity (command `set_severity`). */
import { ZSetIncidentSeverityInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const setIncidentSeverityProcedure = procedureWith('incident.set_severity')
  .input(ZSetIncidentSeverityInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) => issueCommand(ctx, 'set_severity', body, commandId));
