/**
 * Masks personal data in free text before it is stored or fanned out: e-mail addresses, phone numbers
 * (international and national formats, with spaces, dots, dashes or brackets), and names introduced by
 * "my name is / je m'appelle / je suis / mwen rele". Masking is conservative about numbers: dates, times,
 * amounts and short counts are left alone.
 */
export interface MaskResult {
  text: string;
  masked: { emails: number; phones: number; names: number };
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// A run of digits with optional +country prefix and separators, 8 to 15 digits in all.
const PHONE =
  /(?<![\p{L}\p{N}])(?:\+|00)?(?:\(\d{1,4}\)|\d)(?:[\s.\-‑]?(?:\(\d{1,4}\)|\d)){6,16}(?![\p{L}\p{N}])/gu;
const NAME_INTRO =
  /\b(my name is|i am|i'm|je m'appelle|je m’appelle|je suis|mwen rele|me llamo)\s+((?:\p{Lu}[\p{L}'’-]+)(?:\s+\p{Lu}[\p{L}'’-]+){0,2})/giu;

function digitCount(s: string): number {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
}

function looksLikeDateOrTime(s: string): boolean {
  return /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(s.trim()) || /^\d{1,2}[:h]\d{2}$/.test(s.trim());
}

export function maskPii(input: string): MaskResult {
  const masked = { emails: 0, phones: 0, names: 0 };
  let text = input.replace(EMAIL, () => {
    masked.emails++;
    return '[email]';
  });
  text = text.replace(PHONE, (match) => {
    const digits = digitCount(match);
    if (digits < 8 || digits > 15 || looksLikeDateOrTime(match)) return match;
    masked.phones++;
    return '[phone]';
  });
  text = text.replace(NAME_INTRO, (_match, intro: string, name: string) => {
    // "je suis Bloqué" style false positives: only mask when the words look like a proper name (not all-caps shouting).
    if (name === name.toUpperCase()) return `${intro} ${name}`;
    masked.names++;
    return `${intro} [name]`;
  });
  return { text, masked };
}
