import type { ReactNode } from 'react';

export interface SidePanelProps {
  readonly title: string;
  readonly subtitle?: string;
  readonly closeLabel: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/** A panel at the inline end of the screen; on narrow screens the stylesheet turns it into a bottom sheet. */
export function SidePanel({ title, subtitle, closeLabel, onClose, children }: SidePanelProps) {
  return (
    <aside className="vg-panel" aria-label={title}>
      <header className="vg-panel__header">
        <div className="vg-panel__titles">
          <h2 className="vg-panel__title">{title}</h2>
          {subtitle !== undefined && <p className="vg-panel__subtitle">{subtitle}</p>}
        </div>
        <button type="button" className="vg-panel__close" onClick={onClose} aria-label={closeLabel}>
          ×
        </button>
      </header>
      <div className="vg-panel__body">{children}</div>
    </aside>
  );
}
