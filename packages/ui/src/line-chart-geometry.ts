// Geometry of the small line chart: data points to an SVG path inside a box, with the value range padded so a
// flat series still draws a visible line in the middle.

export interface ChartPoint {
  /** Time, milliseconds since the epoch (or any increasing number). */
  readonly t: number;
  readonly v: number;
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Inner margin in pixels on every side. */
  readonly padding: number;
}

export interface ChartGeometry {
  /** SVG path `d` of the line, empty when there is nothing to draw. */
  readonly path: string;
  readonly min: number;
  readonly max: number;
  /** Position of the last point, for a marker. */
  readonly last: { readonly x: number; readonly y: number } | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Lays out `points` (sorted or not) in `box`: time left to right, value bottom to top. */
export function chartGeometry(points: readonly ChartPoint[], box: ChartBox): ChartGeometry {
  const finite = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  if (finite.length === 0) return { path: '', min: 0, max: 0, last: null };
  const sorted = [...finite].sort((a, b) => a.t - b.t);
  let min = Infinity;
  let max = -Infinity;
  for (const p of sorted) {
    if (p.v < min) min = p.v;
    if (p.v > max) max = p.v;
  }
  const t0 = sorted[0]!.t;
  const t1 = sorted[sorted.length - 1]!.t;
  const spanT = t1 - t0;
  const spanV = max - min;
  const innerW = Math.max(0, box.width - 2 * box.padding);
  const innerH = Math.max(0, box.height - 2 * box.padding);
  const x = (t: number) => box.padding + (spanT === 0 ? innerW : ((t - t0) / spanT) * innerW);
  const y = (v: number) => box.padding + (spanV === 0 ? innerH / 2 : (1 - (v - min) / spanV) * innerH);
  const parts: string[] = [];
  if (sorted.length === 1) {
    // One point: a short horizontal stroke so the value is visible.
    const py = round(y(sorted[0]!.v));
    parts.push(`M${round(box.padding)} ${py}`, `L${round(box.padding + innerW)} ${py}`);
  } else {
    sorted.forEach((p, i) => parts.push(`${i === 0 ? 'M' : 'L'}${round(x(p.t))} ${round(y(p.v))}`));
  }
  const lastPoint = sorted[sorted.length - 1]!;
  return { path: parts.join(' '), min, max, last: { x: round(x(lastPoint.t)), y: round(y(lastPoint.v)) } };
}
