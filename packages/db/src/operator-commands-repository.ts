/** Every operator command the processor handled, applied or rejected with the reason given to its issuer. */
import { eq } from 'drizzle-orm';
import type { Db } from './database';
import { operatorCommands } from './schema/incidents';

export type CommandOutcome = 'applied' | 'rejected';

export interface HandledCommand {
  commandId: string;
  kind: string;
  actorId: string;
  /** Incident, alert or asset the command acts on. */
  target: string;
  issuedAt: Date;
  handledAt: Date;
  outcome: CommandOutcome;
  reason: string | null;
  payload: Record<string, unknown>;
}

/**
 * Records a handled command. Returns false when the command was recorded before (a redelivery): the
 * first outcome stands.
 */
export async function recordCommand(tx: Db, command: HandledCommand): Promise<boolean> {
  const rows = await tx
    .insert(operatorCommands)
    .values(command)
    .onConflictDoNothing({ target: operatorCommands.commandId })
    .returning({ commandId: operatorCommands.commandId });
  return rows.length === 1;
}

export async function getHandledCommand(db: Db, commandId: string): Promise<HandledCommand | null> {
  const [row] = await db
    .select()
    .from(operatorCommands)
    .where(eq(operatorCommands.commandId, commandId))
    .limit(1);
  if (row === undefined) return null;
  return { ...row, outcome: row.outcome === 'applied' ? 'applied' : 'rejected' };
}
