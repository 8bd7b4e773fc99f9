export interface LegendItem {
  readonly label: string;
  /** CSS colour. */
  readonly color: string;
  readonly shape: 'dot' | 'arrow' | 'hex' | 'line';
}

export interface LegendGroup {
  readonly title: string;
  readonly items: readonly LegendItem[];
}

export interface LegendProps {
  readonly title: string;
  readonly groups: readonly LegendGroup[];
}

function Mark({ shape, color }: Pick<LegendItem, 'shape' | 'color'>) {
  switch (shape) {
    case 'arrow':
      return (
        <svg className="vg-legend__mark" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M6 1 L10.5 11 L6 8.5 L1.5 11 Z" fill={color} />
        </svg>
      );
    case 'hex':
      return (
        <svg className="vg-legend__mark" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M3 1.5 L9 1.5 L12 6 L9 10.5 L3 10.5 L0 6 Z" fill={color} />
        </svg>
      );
    case 'line':
      return (
        <svg className="vg-legend__mark" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M0 9 L5 4 L12 6" stroke={color} strokeWidth="2.5" fill="none" />
        </svg>
      );
    default:
      return (
        <svg className="vg-legend__mark" viewBox="0 0 12 12" aria-hidden="true">
          <circle cx="6" cy="6" r="4.5" fill={color} />
        </svg>
      );
  }
}

/** What the colours and shapes of the map mean, in groups. */
export function Legend({ title, groups }: LegendProps) {
  return (
    <section className="vg-legend" aria-label={title}>
      <h2 className="vg-legend__title">{title}</h2>
      {groups.map((group) => (
        <div key={group.title} className="vg-legend__group">
          <h3 className="vg-legend__group-title">{group.title}</h3>
          <ul className="vg-legend__list">
            {group.items.map((item) => (
              <li key={item.label} className="vg-legend__item">
                <Mark shape={item.shape} color={item.color} />
                <span>{item.label}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
