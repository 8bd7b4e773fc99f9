import { describe, expect, it } from 'vitest';
import { fittedSize } from './photo';

describe('photo size', () => {
  it('fits the longer side and never enlarges', () => {
    expect(fittedSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fittedSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fittedSize(640, 480)).toEqual({ width: 640, height: 480 });
  });
});
