/**
 * GET /api/v1/alerts/:file where file is `<alert id>.cap` — the alert as CAP 1.2 XML
 * (`application/cap+xml`), for logged-in users. 401 without a session, 404 for an unknown alert.
 */
import { AppError } from '@vigie/contracts/errors';
import { getAlertForCapExport } from '@vigie/db/cap-export-repository';
import { alertToCap } from '@vigie/domain/cap/alert-to-cap';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestSession } from '../auth/request-user';
import type { GatewayServices } from '../gateway-services';

/** CAP `sender` of the alerts Vigie issues. */
export const VIGIE_CAP_SENDER = 'vigie';

export function getAlertCapHandler(services: GatewayServices) {
  return async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const session = await requestSession(services, request, reply);
    if (session === null) throw new AppError('UNAUTHENTICATED', 'Not logged in');
    const match = /^(.+)\.cap$/.exec(request.params.file);
    if (!match) throw new AppError('NOT_FOUND', 'Ask for /api/v1/alerts/<alert id>.cap');
    const alert = await getAlertForCapExport(services.database.db, match[1]!);
    if (alert === null) throw new AppError('NOT_FOUND', `No alert ${match[1]!.slice(0, 128)} to export`);
    const xml = alertToCap(alert, { sender: VIGIE_CAP_SENDER, senderName: 'Vigie' });
    return reply
      .header('content-type', 'application/cap+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${alert.alertId.replace(/[^\w.-]/g, '_')}.cap"`)
      .send(xml);
  };
}
