import { describe, expect, it } from 'vitest';
import { findHostileMarkup, hostileMarkupIn } from './detect-markup';

describe('hostileMarkupIn', () => {
  it.each([
    ['<script>alert(1)</script>', 'script'],
    ['hello <SCRIPT src=//x.io/a.js></SCRIPT>', 'script'],
    ['< iframe src="https://evil">', 'iframe'],
    ['<svg/onload=alert(1)>', 'svg'],
    ['<img src=x onerror=alert(1)>', 'img'],
    ['</style><b>', 'style'],
  ])('refuses %s', (text, element) => {
    expect(hostileMarkupIn(text)).toBe(`contains an HTML <${element}> element`);
  });

  it('refuses event handlers, script and data URLs, encoded tags', () => {
    expect(hostileMarkupIn('<a href="#" onclick="steal()">x</a>')).toMatch(/event-handler/);
    expect(hostileMarkupIn('see javascript:alert(1)')).toMatch(/script URL/);
    expect(hostileMarkupIn('go to JavaScript :void(0)')).toMatch(/script URL/);
    expect(hostileMarkupIn('data:text/html;base64,PHNjcmlwdD4=')).toMatch(/data URL/);
    expect(hostileMarkupIn('&lt;script&gt;alert(1)&lt;/script&gt;')).toMatch(/entity-encoded/);
    expect(hostileMarkupIn('&#60;img src=x>')).toMatch(/entity-encoded/);
  });

  it('lets ordinary text through', () => {
    for (const text of [
      'Water level < 3 m and rising > 10 cm/h',
      'Inondation rue <Carrefour> — 3 < 5',
      'I <3 the volunteers',
      'Description: no data available',
      'Tanpri voye èd! Dlo a monte <2m',
      'the onion=cheap',
      '',
    ]) {
      expect(hostileMarkupIn(text)).toBeNull();
    }
  });
});

describe('findHostileMarkup', () => {
  it('returns the path of the first offending string', () => {
    const value = { payload: { text: 'ok', author: 'bob', tags: ['fine', '<iframe src=x>'] } };
    expect(findHostileMarkup(value)).toEqual({
      path: 'payload.tags[1]',
      reason: 'contains an HTML <iframe> element',
    });
    expect(findHostileMarkup({ a: 1, b: [true, null, 'plain'] })).toBeNull();
    expect(findHostileMarkup({ '<script>': 1 })).toMatchObject({ path: '<script>' });
  });

  it('stops at its depth and node budgets', () => {
    let deep: unknown = '<script>';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(findHostileMarkup(deep)).toBeNull();
    expect(findHostileMarkup(deep, { maxDepth: 50 })).toMatchObject({
      reason: expect.stringContaining('script'),
    });
  });
});
