'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ZLoginRequest } from '@vigie/contracts/auth-api';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { SESSION_QUERY_KEY, fetchMe, login } from '../api/auth';
import type { LoginResult } from '../api/auth';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/translate';
import { LanguagePicker } from './language-picker';
import { homePathFor } from '../field/home-path';

function errorKey(result: Extract<LoginResult, { ok: false }>): { key: MessageKey; code: string } {
  switch (result.code) {
    case 'UNAUTHENTICATED':
      return { key: 'login.error.credentials', code: result.code };
    case 'RATE_LIMITED':
      return { key: 'login.error.rateLimited', code: result.code };
    case 'VALIDATION_FAILED':
      return { key: 'login.error.invalid', code: result.code };
    case 'NETWORK':
    case 'LOG_UNAVAILABLE':
    case 'DB_UNAVAILABLE':
    case 'TIMEOUT':
      return { key: 'login.error.network', code: result.code };
    default:
      return { key: 'login.error.unknown', code: result.code };
  }
}

export function LoginScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ key: MessageKey; code: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (session.data) router.replace(homePathFor(session.data.role));
  }, [session.data, router]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const request = ZLoginRequest.safeParse({ email: email.trim(), password });
    if (!request.success) {
      setError({ key: 'login.error.invalid', code: 'VALIDATION_FAILED' });
      return;
    }
    setSubmitting(true);
    setError(null);
    const result = await login(request.data);
    setSubmitting(false);
    if (result.ok) {
      queryClient.setQueryData(SESSION_QUERY_KEY, result.user);
      router.replace(homePathFor(result.user.role));
    } else {
      setError(errorKey(result));
    }
  };

  return (
    <main className="login">
      <div className="login__card">
        <div className="login__top">
          <div className="login__brand">
            <span className="app-header__logo" aria-hidden="true">
              ◈
            </span>
            <div>
              <h1 className="login__name">{t('app.name')}</h1>
              <p className="login__tagline">{t('app.tagline')}</p>
            </div>
          </div>
          <LanguagePicker />
        </div>
        <form className="login__form" onSubmit={onSubmit} noValidate>
          <h2 className="login__title">{t('login.title')}</h2>
          <label className="field">
            <span className="field__label">{t('login.email')}</span>
            <input
              className="field__input"
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('login.password')}</span>
            <input
              className="field__input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error !== null && (
            <p className="login__error" role="alert" data-testid="login-error">
              {t(error.key, { code: error.code })}
            </p>
          )}
          <button type="submit" className="button button--primary login__submit" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
