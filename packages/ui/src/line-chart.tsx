import { chartGeometry } from './line-chart-geometry';
import type { ChartPoint } from './line-chart-geometry';

export interface LineChartProps {
  readonly points: readonly ChartPoint[];
  /** Accessible name of the chart, e.g. "Water level, last hour". */
  readonly label: string;
  readonly unit?: string;
  readonly width?: number;
  readonly height?: number;
  /** Formats the min/max/last values shown beside the line. */
  readonly formatValue?: (value: number) => string;
  /** Shown instead of the chart when there are no points. */
  readonly emptyText?: string;
}

const defaultFormat = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

/** A tiny SVG line chart: one series, its range and its latest value. No axes, no library. */
export function LineChart({
  points,
  label,
  unit = '',
  width = 240,
  height = 56,
  formatValue = defaultFormat,
  emptyText = '—',
}: LineChartProps) {
  const geometry = chartGeometry(points, { width, height, padding: 4 });
  const latest = points.length > 0 ? points.reduce((a, b) => (b.t >= a.t ? b : a)) : null;
  return (
    <figure className="vg-chart">
      <figcaption className="vg-chart__caption">
        <span className="vg-chart__label">{label}</span>
        {latest !== null && (
          <span className="vg-chart__value">
            {formatValue(latest.v)}
            {unit && <span className="vg-chart__unit"> {unit}</span>}
          </span>
        )}
      </figcaption>
      {geometry.path === '' ? (
        <p className="vg-chart__empty">{emptyText}</p>
      ) : (
        <svg
          className="vg-chart__svg"
          role="img"
          aria-label={label}
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          preserveAspectRatio="none"
        >
          <path className="vg-chart__line" d={geometry.path} fill="none" vectorEffect="non-scaling-stroke" />
          {geometry.last && (
            <circle className="vg-chart__dot" cx={geometry.last.x} cy={geometry.last.y} r={2.5} />
          )}
        </svg>
      )}
      {geometry.path !== '' && (
        <div className="vg-chart__range">
          <span>min {formatValue(geometry.min)}</span>
          <span>max {formatValue(geometry.max)}</span>
        </div>
      )}
    </figure>
  );
}
