import { describe, expect, it } from 'vitest';
import { ZAssetAlarm, ZAssetStatus } from '@vigie/contracts/assets';
import { ZEntityKind } from '@vigie/contracts/live-entities';
import { ZMetric } from '@vigie/contracts/readings';
import { ZRole } from '@vigie/contracts/roles';
import { en } from './en';
import { fr } from './fr';
import { dictionaries, directionOf, pickLocale, placeholdersOf, translate } from './translate';
import type { MessageKey } from './translate';

describe('dictionaries', () => {
  it('French and English have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders for every key, and no message is empty', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholdersOf(fr[key]), key).toEqual(placeholdersOf(en[key]));
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('name every status, entity kind, metric, role and alarm of the contracts', () => {
    const needed = [
      ...ZAssetStatus.options.map((s) => `status.${s}`),
      ...ZEntityKind.options.map((k) => `kind.${k}`),
      ...ZMetric.options.map((m) => `metric.${m}`),
      ...ZRole.options.map((r) => `role.${r}`),
      ...ZAssetAlarm.options.map((a) => `alarm.${a}`),
    ];
    for (const key of needed) {
      for (const dictionary of Object.values(dictionaries))
        expect(Object.hasOwn(dictionary, key), key).toBe(true);
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(en, 'time.minutesAgo', { n: 3 })).toBe('3 min ago');
    expect(translate(fr, 'time.minutesAgo', { n: 3 })).toBe('il y a 3 min');
    expect(translate(en, 'time.minutesAgo')).toBe('{n} min ago');
  });
});

describe('pickLocale', () => {
  it('prefers the switch, then the profile, then the browser, then English', () => {
    expect(pickLocale({ chosen: 'en', profile: 'fr', browser: ['fr-FR'] })).toBe('en');
    expect(pickLocale({ chosen: null, profile: 'fr', browser: ['en-GB'] })).toBe('fr');
    expect(pickLocale({ browser: ['de-DE', 'fr-CA', 'en'] })).toBe('fr');
    expect(pickLocale({ chosen: 'xx', browser: ['ht'] })).toBe('en');
  });
});

describe('directionOf', () => {
  it('knows right-to-left scripts', () => {
    expect(directionOf('fr')).toBe('ltr');
    expect(directionOf('ar-MA')).toBe('rtl');
  });
});
