export type SeverityLevel = 'info' | 'minor' | 'moderate' | 'severe' | 'extreme';

export interface SeverityBadgeProps {
  readonly severity: SeverityLevel;
  readonly label: string;
}

/** A severity word on its colour (the stylesheet keeps the text readable on each). */
export function SeverityBadge({ severity, label }: SeverityBadgeProps) {
  return (
    <span className="vg-severity" data-severity={severity}>
      {label}
    </span>
  );
}
