export interface LayerToggle {
  readonly id: string;
  readonly label: string;
  readonly checked: boolean;
  /** CSS colour of the swatch beside the label. */
  readonly swatch?: string;
  readonly disabled?: boolean;
}

export interface LayerTogglesProps {
  readonly title: string;
  readonly layers: readonly LayerToggle[];
  readonly onToggle: (id: string) => void;
  /** When true only the title button shows (phones). */
  readonly collapsed: boolean;
  readonly onCollapsedChange: (collapsed: boolean) => void;
}

/** The list of map layers with a checkbox each, collapsible to its title. */
export function LayerToggles({ title, layers, onToggle, collapsed, onCollapsedChange }: LayerTogglesProps) {
  return (
    <section className="vg-layers" data-collapsed={collapsed}>
      <button
        type="button"
        className="vg-layers__title"
        aria-expanded={!collapsed}
        onClick={() => onCollapsedChange(!collapsed)}
      >
        {title}
      </button>
      {!collapsed && (
        <ul className="vg-layers__list">
          {layers.map((layer) => (
            <li key={layer.id} className="vg-layers__item">
              <label>
                <input
                  type="checkbox"
                  checked={layer.checked}
                  disabled={layer.disabled}
                  onChange={() => onToggle(layer.id)}
                  data-layer={layer.id}
                />
                {layer.swatch !== undefined && (
                  <span className="vg-swatch" style={{ background: layer.swatch }} aria-hidden="true" />
                )}
                <span>{layer.label}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
