import type { SeverityLevel } from './severity-badge';
import { SeverityBadge } from './severity-badge';

export interface ToastItem {
  readonly id: string;
  readonly title: string;
  readonly severity: SeverityLevel;
  readonly severityLabel: string;
  /** Shown under the title (age, place). */
  readonly detail?: string;
  /** False while an acknowledgement is on its way. */
  readonly canAcknowledge: boolean;
  /** Whether "Open" leads somewhere (the alert belongs to an incident). */
  readonly canOpen: boolean;
  /** The incident "Open" leads to. */
  readonly incidentId?: string;
}

export interface ToastStackProps {
  readonly label: string;
  readonly toasts: readonly ToastItem[];
  readonly openLabel: string;
  readonly acknowledgeLabel: string;
  readonly dismissLabel: string;
  readonly onOpen: (id: string) => void;
  readonly onAcknowledge: (id: string) => void;
  readonly onDismiss: (id: string) => void;
}

/** Live alert toasts, newest first, announced politely to screen readers. */
export function ToastStack({
  label,
  toasts,
  openLabel,
  acknowledgeLabel,
  dismissLabel,
  onOpen,
  onAcknowledge,
  onDismiss,
}: ToastStackProps) {
  return (
    <section className="vg-toasts" aria-label={label} aria-live="polite">
      {toasts.map((toast) => (
        <article
          key={toast.id}
          className="vg-toast"
          data-severity={toast.severity}
          data-toast-id={toast.id}
          data-incident-id={toast.incidentId}
        >
          <div className="vg-toast__head">
            <SeverityBadge severity={toast.severity} label={toast.severityLabel} />
            <button
              type="button"
              className="vg-toast__dismiss"
              aria-label={`${dismissLabel}: ${toast.title}`}
              onClick={() => onDismiss(toast.id)}
            >
              ×
            </button>
          </div>
          <p className="vg-toast__title">{toast.title}</p>
          {toast.detail !== undefined && <p className="vg-toast__detail">{toast.detail}</p>}
          <div className="vg-toast__actions">
            {toast.canOpen && (
              <button
                type="button"
                className="vg-button vg-button--primary"
                data-action="open"
                onClick={() => onOpen(toast.id)}
              >
                {openLabel}
              </button>
            )}
            <button
              type="button"
              className="vg-button"
              data-action="acknowledge"
              disabled={!toast.canAcknowledge}
              onClick={() => onAcknowledge(toast.id)}
            >
              {acknowledgeLabel}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
