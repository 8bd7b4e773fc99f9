/** `incidents.merge`: merge duplicates into a surviving incident (command `merge_incidents`). */
import { ZMergeIncidentsInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const mergeIncidentsProcedure = procedureWith('incident.merge')
  .input(ZMergeIncidentsInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) =>
    issueCommand(ctx, 'merge_incidents', body, commandId),
  );
