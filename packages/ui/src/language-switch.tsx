export interface LanguageOption {
  readonly value: string;
  /** Short label shown on the button ("FR", "EN"). */
  readonly label: string;
  /** Full name for screen readers ("Français"). */
  readonly name: string;
}

export interface LanguageSwitchProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly LanguageOption[];
  readonly onChange: (value: string) => void;
}

/** A segmented switch between the interface languages. */
export function LanguageSwitch({ label, value, options, onChange }: LanguageSwitchProps) {
  return (
    <div className="vg-lang" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          lang={option.value}
          className="vg-lang__option"
          aria-pressed={option.value === value}
          // The visible code starts the accessible name (WCAG 2.5.3), the full name follows for screen readers.
          aria-label={`${option.label} – ${option.name}`}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
