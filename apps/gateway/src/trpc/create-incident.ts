/** `incidents.create`: open an incident by hand (command `create_incident`); its id is assigned here. */
import { newEventId } from '@vigie/contracts/envelope';
import { ZCommandResult, ZCreateIncidentInput } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const createIncidentProcedure = procedureWith('incident.create')
  .input(ZCreateIncidentInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) =>
    // A retried command keeps its incident id: derived from the command id when the client sent one.
    issueCommand(
      ctx,
      'create_incident',
      { ...body, incidentId: `inc-${commandId ?? newEventId()}` },
      commandId,
    ),
  );
