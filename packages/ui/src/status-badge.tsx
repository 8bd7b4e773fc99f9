export interface StatusBadgeProps {
  readonly label: string;
  /** CSS colour of the badge's dot. */
  readonly color: string;
}

/** A status word with its map colour. */
export function StatusBadge({ label, color }: StatusBadgeProps) {
  return (
    <span className="vg-badge">
      <span className="vg-badge__dot" style={{ background: color }} aria-hidden="true" />
      {label}
    </span>
  );
}
