/**
 * How every command procedure ends: the operator's intent becomes a `ZCommandV1` (the client's own
 * `commandId` when it sent one, so a phone's offline retry is the same command; the envelope id is
 * the command id, so the processor drops a repeat), the role is checked with `canIssue`, the audit log
 * gets the attempt, and the command is published on the commands topic keyed by its target.
 */
import { canIssue, commandTarget, ZCommandV1 } from '@vigie/contracts/commands';
import type { TCommandKind, TCommandV1 } from '@vigie/contracts/commands';
import { newEventId } from '@vigie/contracts/envelope';
import { AppError } from '@vigie/contracts/errors';
import type { TCommandResult } from '@vigie/contracts/incident-api';
import { recordAudit } from '@vigie/db/audit-repository';
import type { TrpcContext } from './trpc-context';

type CommandBody<K extends TCommandKind> = Omit<
  Extract<TCommandV1, { kind: K }>,
  'commandId' | 'actor' | 'issuedAt' | 'kind'
>;

type AuthedContext = TrpcContext & { user: NonNullable<TrpcContext['user']> };

export async function issueCommand<K extends TCommandKind>(
  ctx: AuthedContext,
  kind: K,
  body: CommandBody<K>,
  clientCommandId: string | undefined,
): Promise<TCommandResult> {
  const { database, log, config } = ctx.services;
  const now = new Date();
  const commandId = clientCommandId ?? newEventId();
  const candidate = {
    ...body,
    kind,
    commandId,
    actor: { kind: 'user', userId: ctx.user.id, role: ctx.user.role },
    issuedAt: now.toISOString(),
  };
  const parsed = ZCommandV1.safeParse(candidate);
  if (!parsed.success) throw parsed.error;
  const command = parsed.data;
  const target = commandTarget(command);
  if (!canIssue(ctx.user.role, kind)) {
    await recordAudit(database.db, {
      actor: ctx.user.id,
      action: `command.${kind}`,
      target,
      outcome: 'denied',
      ip: ctx.ip,
      detail: { role: ctx.user.role, commandId },
    });
    throw new AppError('FORBIDDEN', `The ${ctx.user.role} role may not issue ${kind}`);
  }
  const envelope = {
    id: commandId,
    type: 'command',
    v: 1,
    source: 'gateway',
    occurredAt: command.issuedAt,
    receivedAt: command.issuedAt,
    payload: command,
  };
  try {
    await log.produce(config.topics.commands, [{ key: target, value: JSON.stringify(envelope) }]);
  } catch (error) {
    await recordAudit(database.db, {
      actor: ctx.user.id,
      action: `command.${kind}`,
      target,
      outcome: 'error',
      ip: ctx.ip,
      detail: { commandId },
    }).catch(() => undefined);
    ctx.logger.error({ err: error, commandId, kind }, 'could not publish a command');
    throw new AppError('LOG_UNAVAILABLE', 'The command could not be recorded; retry with the same commandId');
  }
  await recordAudit(database.db, {
    actor: ctx.user.id,
    action: `command.${kind}`,
    target,
    outcome: 'ok',
    ip: ctx.ip,
    detail: { commandId },
  });
  ctx.logger.info({ commandId, kind, target }, 'command issued');
  return { commandId, target };
}
