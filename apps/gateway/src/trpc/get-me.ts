/** `me`: the logged-in user, or an UNAUTHORIZED error. */
import { ZSessionUser } from '@vigie/contracts/auth-api';
import { authedProcedure } from './trpc-init';

export const getMe = authedProcedure.output(ZSessionUser).query(({ ctx }) => ctx.user);
