/**
 * Numbers as people type them in spreadsheets: `1 250`, `1 250` (no-break or thin spaces), `1,250`,
 * `1.250,5`, `12,5`, `1'250`. A single comma or dot followed by exactly three digits is read as a
 * thousands separator (`1,250` = 1250), except when the text already shows the other separator.
 */
export type QuantityResult = { ok: true; value: number } | { ok: false; reason: string };

const SPACES = /[\s\u00A0\u2007\u2009\u202F']/g;

export function parseQuantity(raw: string): QuantityResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  let t = text.replace(SPACES, '');
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('\u2212')) {
    sign = -1;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  if (!/^[0-9.,]+$/.test(t) || !/[0-9]/.test(t))
    return { ok: false, reason: `"${clip(text)}" is not a number` };
  const commas = t.split(',').length - 1;
  const dots = t.split('.').length - 1;
  let normalised: string;
  if (commas > 0 && dots > 0) {
    // Both: the last one is the decimal separator.
    const decimalIsComma = t.lastIndexOf(',') > t.lastIndexOf('.');
    const thousands = decimalIsComma ? '.' : ',';
    const decimal = decimalIsComma ? ',' : '.';
    if (t.split(decimal).length - 1 > 1)
      return { ok: false, reason: `"${clip(text)}" has two decimal separators` };
    normalised = t.replaceAll(thousands, '').replace(decimal, '.');
  } else if (commas + dots > 1) {
    // Several of the same: thousands separators (1,250,000 or 1.250.000).
    const separator = commas > 0 ? ',' : '.';
    if (!groupsOfThree(t, separator)) return { ok: false, reason: `"${clip(text)}" is not a number` };
    normalised = t.replaceAll(separator, '');
  } else if (commas + dots === 1) {
    const separator = commas > 0 ? ',' : '.';
    const [whole = '', fraction = ''] = t.split(separator);
    // `1,250` / `1.250`: thousands; `12,5` / `0,250` / `12.5`: decimal.
    const thousands = fraction.length === 3 && whole !== '' && whole !== '0' && separator === ',';
    normalised = thousands ? whole + fraction : `${whole === '' ? '0' : whole}.${fraction}`;
  } else {
    normalised = t;
  }
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${clip(text)}" is not a number` };
  return { ok: true, value: sign * value };
}

function groupsOfThree(t: string, separator: string): boolean {
  const parts = t.split(separator);
  const [first = '', ...rest] = parts;
  return /^[0-9]{1,3}$/.test(first) && rest.every((p) => /^[0-9]{3}$/.test(p));
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
