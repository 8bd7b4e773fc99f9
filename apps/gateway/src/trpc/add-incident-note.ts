/** `incidents.addNote`: a note on an incident (command `add_note`); field users only on their own incidents. */
import { ZAddIncidentNoteInput, ZCommandResult } from '@vigie/contracts/incident-api';
import { assertIncidentVisible } from './field-scope';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const addIncidentNoteProcedure = procedureWith('incident.note')
  .input(ZAddIncidentNoteInput)
  .output(ZCommandResult)
  .mutation(async ({ ctx, input: { commandId, ...body } }) => {
    await assertIncidentVisible(ctx.services, ctx.user, ctx.ip, body.incidentId);
    return issueCommand(ctx, 'add_note', body, commandId);
  });
