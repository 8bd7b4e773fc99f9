// The gateway's login endpoints (plain HTTP under /api/auth, same origin; the session is an httpOnly cookie).
import { ZSessionUser } from '@vigie/contracts/auth-api';
import type { TLoginRequest, TSessionUser } from '@vigie/contracts/auth-api';
import { ZErrorBody } from '@vigie/contracts/errors';
import type { ErrorCode } from '@vigie/contracts/errors';

export type LoginResult =
  | { readonly ok: true; readonly user: TSessionUser }
  | { readonly ok: false; readonly code: ErrorCode | 'NETWORK'; readonly message: string };

async function errorOf(response: Response): Promise<{ code: ErrorCode | 'NETWORK'; message: string }> {
  try {
    const body = ZErrorBody.safeParse(await response.json());
    if (body.success) return { code: body.data.code, message: body.data.message };
  } catch {
    // Not JSON (a proxy's error page): fall through to the status.
  }
  return {
    code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
    message: `HTTP ${response.status}`,
  };
}

/** The logged-in user, or null when there is no valid session (401). Other failures throw. */
export async function fetchMe(): Promise<TSessionUser | null> {
  const response = await fetch('/api/auth/me', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`GET /api/auth/me answered ${response.status}`);
  return ZSessionUser.parse(await response.json());
}

export async function login(request: TLoginRequest): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    return { ok: false, code: 'NETWORK', message: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) return { ok: false, ...(await errorOf(response)) };
  const user = ZSessionUser.safeParse(await response.json());
  return user.success
    ? { ok: true, user: user.data }
    : { ok: false, code: 'INTERNAL', message: 'Unexpected answer' };
}

export async function logout(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
}

export const SESSION_QUERY_KEY = ['session'] as const;
