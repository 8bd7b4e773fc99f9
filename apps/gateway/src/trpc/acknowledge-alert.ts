/** `alerts.acknowledge`: acknowledge an alert (command `acknowledge_alert`); stops its escalation. */
import { ZAcknowledgeAlertInput } from '@vigie/contracts/alert-api';
import { ZCommandResult } from '@vigie/contracts/incident-api';
import { issueCommand } from './issue-command';
import { procedureWith } from './trpc-init';

export const acknowledgeAlertProcedure = procedureWith('alert.acknowledge')
  .input(ZAcknowledgeAlertInput)
  .output(ZCommandResult)
  .mutation(({ ctx, input: { commandId, ...body } }) =>
    issueCommand(ctx, 'acknowledge_alert', body, commandId),
  );
