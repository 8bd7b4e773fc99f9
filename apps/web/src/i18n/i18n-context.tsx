'use client';
// The interface language for React: the switch's choice (kept in localStorage), else the user's profile, else
// the browser. Sets <html lang dir>.
import type { TLocale } from '@vigie/contracts/auth-api';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { dictionaries, directionOf, isLocale, pickLocale, translate } from './translate';
import type { MessageKey } from './translate';

const STORAGE_KEY = 'vigie.locale';

export interface I18n {
  readonly locale: TLocale;
  readonly t: (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;
  readonly setLocale: (locale: TLocale) => void;
}

const I18nContext = createContext<I18n | null>(null);

function readChosen(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the choice lasts for this page only
  }
}

export function I18nProvider({
  profileLocale,
  children,
}: {
  profileLocale: TLocale | null;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<TLocale | null>(null);
  const [browser, setBrowser] = useState<readonly string[]>([]);
  useEffect(() => {
    const stored = readChosen();
    setChosen(isLocale(stored) ? stored : null);
    setBrowser(window.navigator.languages ?? [window.navigator.language]);
  }, []);
  const locale = pickLocale({ chosen, profile: profileLocale, browser });

  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }, [locale]);

  const setLocale = useCallback((next: TLocale) => {
    setChosen(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage disabled: keep the choice in memory only
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[locale];
    return { locale, setLocale, t: (key, values) => translate(dictionary, key, values) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
