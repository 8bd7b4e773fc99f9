export interface PendingIndicatorProps {
  /** Actions waiting to be sent. */
  readonly count: number;
  /** E.g. "3 pending". */
  readonly label: string;
  /** Longer explanation (title attribute). */
  readonly title: string;
  readonly online: boolean;
}

/** How many actions wait for the network; quiet when none. */
export function PendingIndicator({ count, label, title, online }: PendingIndicatorProps) {
  return (
    <span
      className="vg-pending"
      data-count={count}
      data-online={online}
      title={title}
      role="status"
      aria-live="polite"
    >
      {label}
    </span>
  );
}
