import { describe, expect, it } from 'vitest';
import { maskPii } from './pii-mask';

describe('maskPii', () => {
  it('masks e-mail addresses', () => {
    const r = maskPii('Contact marie.joseph@example.org ou secours@croix-rouge.ht');
    expect(r.text).toBe('Contact [email] ou [email]');
    expect(r.masked.emails).toBe(2);
  });

  it.each([
    ['Appelez le +509 3712-3456 svp', 'Appelez le [phone] svp'],
    ['call me on 06 12 34 56 78 now', 'call me on [phone] now'],
    ['tel: (212) 555-0147', 'tel: [phone]'],
    ['+33.6.12.34.56.78', '[phone]'],
    ['WhatsApp 0033612345678', 'WhatsApp [phone]'],
  ])('masks the phone number in %j', (input, expected) => {
    expect(maskPii(input).text).toBe(expected);
  });

  it('leaves dates, times, counts and amounts alone', () => {
    const text = 'Le 14/08/2021 à 08h29, 1200 maisons, 2 500 000 HTG, route 7';
    expect(maskPii(text).text).toBe(text);
  });

  it('masks a name introduced in English, French or Creole, not shouting', () => {
    expect(maskPii('Hello, my name is Jean Baptiste, we need water').text).toBe(
      'Hello, my name is [name], we need water',
    );
    expect(maskPii("je m'appelle Marie Louis").text).toBe("je m'appelle [name]");
    expect(maskPii('Mwen rele Wilda').text).toBe('Mwen rele [name]');
    expect(maskPii('JE SUIS BLOQUÉ').masked.names).toBe(0);
  });
});
