import { describe, expect, it } from 'vitest';
import { homePathFor } from './home-path';

describe('home path', () => {
  it('sends field staff to /field and the others to the command center', () => {
    expect(homePathFor('field')).toBe('/field');
    expect(homePathFor('coordinator')).toBe('/');
    expect(homePathFor('admin')).toBe('/');
    expect(homePathFor('analyst')).toBe('/');
  });
});
