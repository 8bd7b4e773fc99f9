/** `incidents.acknowledge`: acknowledge an incident (command `acknowledge_incident`). */
import { ZAcknowledgeIncidentInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const acknowledgeIncidentProcedure = procedureWith('incident.acknowledge')
  .input(ZAcknowledgeIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) =>
    issueCommand(ctx, 'acknowledge_incident', body, commandId),
  );
