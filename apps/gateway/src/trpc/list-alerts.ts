/** `alerts.list`: alerts with filters (status, severity, kind, category, region, bbox, incident, unacknowledged). */
import { ZAlertList, ZAlertListInput } from '@vigie/contracts/alert-api';
import { listAlerts } from '@vigie/db/alert-queries-repository';
import { procedureWith } from './trpc-init';

export const listAlertsProcedure = procedureWith('incident.view')
  .input(ZAlertListInput)
  .output(ZAlertList)
  .query(({ ctx, input }) => listAlerts(ctx.services.database.db, input));
