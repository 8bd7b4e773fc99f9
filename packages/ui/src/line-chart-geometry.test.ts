import { describe, expect, it } from 'vitest';
import { chartGeometry } from './line-chart-geometry';

const box = { width: 100, height: 50, padding: 5 };

describe('chartGeometry', () => {
  it('draws nothing for no points', () => {
    expect(chartGeometry([], box)).toEqual({ path: '', min: 0, max: 0, last: null });
  });

  it('maps time to x and value to y, highest value at the top', () => {
    const g = chartGeometry(
      [
        { t: 2000, v: 10 },
        { t: 1000, v: 0 },
      ],
      box,
    );
    expect(g.path).toBe('M5 45 L95 5');
    expect(g.min).toBe(0);
    expect(g.max).toBe(10);
    expect(g.last).toEqual({ x: 95, y: 5 });
  });

  it('draws a flat series in the middle', () => {
    const g = chartGeometry(
      [
        { t: 0, v: 3 },
        { t: 10, v: 3 },
      ],
      box,
    );
    expect(g.path).toBe('M5 25 L95 25');
  });

  it('draws one point as a short stroke and skips non-finite values', () => {
    const g = chartGeometry(
      [
        { t: 0, v: 7 },
        { t: 5, v: Number.NaN },
      ],
      box,
    );
    expect(g.path).toBe('M5 25 L95 25');
  });
});
