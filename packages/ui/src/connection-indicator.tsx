export type ConnectionTone = 'live' | 'reconnecting' | 'offline';

export interface ConnectionIndicatorProps {
  readonly tone: ConnectionTone;
  /** Text shown beside the dot ("Live", "Reconnecting…", "Offline"). */
  readonly label: string;
  /** Longer explanation for the tooltip and screen readers. */
  readonly title?: string;
}

/** A coloured dot and a word telling whether live data flows. */
export function ConnectionIndicator({ tone, label, title }: ConnectionIndicatorProps) {
  return (
    <span className="vg-connection" data-tone={tone} title={title} role="status" aria-live="polite">
      <span className="vg-connection__dot" aria-hidden="true" />
      <span className="vg-connection__label">{label}</span>
    </span>
  );
}
