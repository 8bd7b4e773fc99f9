import { describe, expect, it } from 'vitest';
import { ZLoginRequest, ZSessionUser } from './auth-api';

describe('auth API contracts', () => {
  it('accepts a login and a session user', () => {
    expect(ZLoginRequest.parse({ email: 'a.coord@vigie.example', password: 'x' }).email).toBe(
      'a.coord@vigie.example',
    );
    expect(
      ZSessionUser.parse({ id: 'u1', email: 'a@b.example', name: 'Ana', role: 'coordinator', locale: 'fr' })
        .role,
    ).toBe('coordinator');
  });

  it.each([
    [{ email: 'not-an-email', password: 'x' }, 'email'],
    [{ email: 'a@b.example', password: '' }, 'password'],
    [{ email: 'a@b.example', password: 'p'.repeat(1025) }, 'password'],
    [{ email: 'a@b.example' }, 'password'],
  ])('rejects a bad login %j naming the field', (input, field) => {
    const result = ZLoginRequest.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it('rejects an unknown role or locale', () => {
    const base = { id: 'u1', email: 'a@b.example', name: 'Ana', role: 'coordinator', locale: 'fr' };
    expect(ZSessionUser.safeParse({ ...base, role: 'root' }).success).toBe(false);
    expect(ZSessionUser.safeParse({ ...base, locale: 'de' }).success).toBe(false);
  });
});
