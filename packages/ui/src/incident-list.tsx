import type { SeverityLevel } from './severity-badge';
import { SeverityBadge } from './severity-badge';

export interface IncidentListItem {
  readonly id: string;
  readonly title: string;
  readonly severity: SeverityLevel;
  readonly severityLabel: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly ageLabel: string;
  readonly categoryLabel?: string;
}

export interface IncidentListProps {
  readonly label: string;
  readonly items: readonly IncidentListItem[];
  readonly selectedId: string | null;
  readonly emptyText: string;
  readonly onOpen: (id: string) => void;
}

/** The incident queue: one button per incident (severity, title, status, category, age). */
export function IncidentList({ label, items, selectedId, emptyText, onOpen }: IncidentListProps) {
  if (items.length === 0) return <p className="vg-incidents__empty">{emptyText}</p>;
  return (
    <ul className="vg-incidents" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className="vg-incident"
            data-incident-id={item.id}
            data-status={item.status}
            aria-current={item.id === selectedId ? 'true' : undefined}
            onClick={() => onOpen(item.id)}
          >
            <span className="vg-incident__top">
              <SeverityBadge severity={item.severity} label={item.severityLabel} />
              <span className="vg-incident__status" data-status={item.status}>
                {item.statusLabel}
              </span>
            </span>
            <span className="vg-incident__title">{item.title}</span>
            <span className="vg-incident__meta">
              {item.categoryLabel !== undefined && <span>{item.categoryLabel}</span>}
              <span>{item.ageLabel}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
