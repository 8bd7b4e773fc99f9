// Dictionaries, locale choice and message formatting. Pure: no React, no DOM.
import type { TLocale } from '@vigie/contracts/auth-api';
import { en } from './en';
import type { MessageKey } from './en';
import { fr } from './fr';

export type { MessageKey };
export type Dictionary = Readonly<Record<MessageKey, string>>;

export const LOCALES = ['fr', 'en'] as const satisfies readonly TLocale[];
export const dictionaries: Readonly<Record<TLocale, Dictionary>> = { fr, en };

/** Languages written right to left; none of ours yet, but the layout and `dir` are ready for them. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

export function isLocale(value: unknown): value is TLocale {
  return value === 'fr' || value === 'en';
}

/**
 * The interface language: the one chosen with the switch, else the user's profile, else the first browser
 * language we have, else English.
 */
export function pickLocale(input: {
  chosen?: string | null;
  profile?: string | null;
  browser?: readonly string[];
}): TLocale {
  if (isLocale(input.chosen)) return input.chosen;
  if (isLocale(input.profile)) return input.profile;
  for (const tag of input.browser ?? []) {
    const base = tag.split('-')[0]!.toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The message for `key` with `{name}` placeholders replaced; unknown placeholders stay visible. */
export function translate(
  dictionary: Dictionary,
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
): string {
  const template = dictionary[key];
  if (values === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** Placeholder names used in a message, sorted (the dictionaries must agree on them). */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
