// Who caused a change: an authenticated user acting in a role, or a part of the system.
import { z } from 'zod';
import { ZId, boundedId } from './primitives';
import { ZRole } from './roles';

/** An operator, as authenticated by the gateway. */
export const ZUserActor = z.object({ kind: z.literal('user'), userId: ZId, role: ZRole });
export type TUserActor = z.infer<typeof ZUserActor>;

/** A component of Vigie acting on its own (a detector, the incident merger, a feed poller). */
export const ZSystemActor = z.object({ kind: z.literal('system'), component: boundedId(64) });
export type TSystemActor = z.infer<typeof ZSystemActor>;

export const ZActor = z.discriminatedUnion('kind', [ZUserActor, ZSystemActor]);
export type TActor = z.infer<typeof ZActor>;
