import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConnectionIndicator } from './connection-indicator';
import { IncidentList } from './incident-list';
import { PendingIndicator } from './pending-indicator';
import { SeverityBadge } from './severity-badge';
import { ToastStack } from './toast-stack';
import { DetailList } from './detail-list';
import { LanguageSwitch } from './language-switch';
import { LayerToggles } from './layer-toggles';
import { Legend } from './legend';
import { LineChart } from './line-chart';
import { SidePanel } from './side-panel';

const noop = () => undefined;

describe('presentational components', () => {
  it('LineChart draws a labelled line, or says there is nothing', () => {
    const html = renderToStaticMarkup(
      <LineChart
        label="Water level"
        unit="m"
        points={[
          { t: 0, v: 1 },
          { t: 60_000, v: 2.5 },
        ]}
      />,
    );
    expect(html).toContain('aria-label="Water level"');
    expect(html).toMatch(/<path[^>]+d="M/);
    expect(html).toContain('2.50');
    expect(renderToStaticMarkup(<LineChart label="Rain" points={[]} emptyText="No data" />)).toContain(
      'No data',
    );
  });

  it('LayerToggles lists the layers, and only the title when collapsed', () => {
    const layers = [
      { id: 'assets', label: 'Vehicles', checked: true },
      { id: 'sensors', label: 'Sensors', checked: false },
    ];
    const open = renderToStaticMarkup(
      <LayerToggles
        title="Layers"
        layers={layers}
        onToggle={noop}
        collapsed={false}
        onCollapsedChange={noop}
      />,
    );
    expect(open).toContain('aria-expanded="true"');
    expect(open).toContain('Vehicles');
    expect(open.match(/type="checkbox"/g)).toHaveLength(2);
    expect(open).toMatch(/data-layer="assets"[^>]*checked|checked[^>]*data-layer="assets"/);
    const folded = renderToStaticMarkup(
      <LayerToggles title="Layers" layers={layers} onToggle={noop} collapsed onCollapsedChange={noop} />,
    );
    expect(folded).toContain('aria-expanded="false"');
    expect(folded).not.toContain('Vehicles');
  });

  it('Legend shows every item of every group', () => {
    const html = renderToStaticMarkup(
      <Legend
        title="Legend"
        groups={[
          { title: 'Status', items: [{ label: 'En route', color: 'rgb(1 2 3)', shape: 'arrow' }] },
          { title: 'Other', items: [{ label: 'Reports', color: 'red', shape: 'hex' }] },
        ]}
      />,
    );
    expect(html).toContain('En route');
    expect(html).toContain('Reports');
    expect(html).toContain('fill="rgb(1 2 3)"');
  });

  it('ConnectionIndicator exposes its tone and text', () => {
    const html = renderToStaticMarkup(<ConnectionIndicator tone="reconnecting" label="Reconnecting…" />);
    expect(html).toContain('data-tone="reconnecting"');
    expect(html).toContain('role="status"');
    expect(html).toContain('Reconnecting…');
  });

  it('SidePanel, DetailList and LanguageSwitch render their content accessibly', () => {
    const html = renderToStaticMarkup(
      <SidePanel title="Truck 07" subtitle="Vehicle" closeLabel="Close" onClose={noop}>
        <DetailList items={[{ term: 'Speed', value: '30 km/h' }]} />
      </SidePanel>,
    );
    expect(html).toContain('aria-label="Close"');
    expect(html).toContain('<dt>Speed</dt><dd>30 km/h</dd>');
    const lang = renderToStaticMarkup(
      <LanguageSwitch
        label="Language"
        value="fr"
        onChange={noop}
        options={[
          { value: 'fr', label: 'FR', name: 'Français' },
          { value: 'en', label: 'EN', name: 'English' },
        ]}
      />,
    );
    expect(lang).toMatch(/lang="fr"[^>]*aria-pressed="true"/);
    expect(lang).toMatch(/lang="en"[^>]*aria-pressed="false"/);
    // The visible code is part of the accessible name.
    expect(lang).toMatch(/aria-label="FR – [^"]+"/);
  });
});

describe('incident and alert components', () => {
  it('SeverityBadge carries its level for the stylesheet', () => {
    expect(renderToStaticMarkup(<SeverityBadge severity="extreme" label="Extrême" />)).toBe(
      '<span class="vg-severity" data-severity="extreme">Extrême</span>',
    );
  });

  it('ToastStack offers Open only when the alert has an incident, and disables a pending acknowledgement', () => {
    const html = renderToStaticMarkup(
      <ToastStack
        label="Alerts"
        openLabel="Open"
        acknowledgeLabel="Acknowledge"
        dismissLabel="Dismiss"
        onOpen={noop}
        onAcknowledge={noop}
        onDismiss={noop}
        toasts={[
          {
            id: 'a',
            title: 'Flood',
            severity: 'extreme',
            severityLabel: 'Extreme',
            canOpen: true,
            canAcknowledge: true,
          },
          {
            id: 'b',
            title: 'Quake',
            severity: 'severe',
            severityLabel: 'Severe',
            canOpen: false,
            canAcknowledge: false,
          },
        ]}
      />,
    );
    expect(html).toContain('aria-live="polite"');
    expect(html.match(/data-action="open"/g)).toHaveLength(1);
    expect(html).toMatch(/data-action="acknowledge" disabled=""/);
    expect(html).toContain('aria-label="Dismiss: Quake"');
  });

  it('IncidentList marks the open incident, or says there is none', () => {
    const html = renderToStaticMarkup(
      <IncidentList
        label="Incidents"
        selectedId="i2"
        emptyText="None"
        onOpen={noop}
        items={[
          {
            id: 'i1',
            title: 'Flood',
            severity: 'severe',
            severityLabel: 'Severe',
            status: 'detected',
            statusLabel: 'Detected',
            ageLabel: '5 min',
          },
          {
            id: 'i2',
            title: 'Fire',
            severity: 'minor',
            severityLabel: 'Minor',
            status: 'dispatched',
            statusLabel: 'Dispatched',
            ageLabel: '1 h',
            categoryLabel: 'fire',
          },
        ]}
      />,
    );
    expect(html.match(/<button/g)).toHaveLength(2);
    expect(html).toMatch(/data-incident-id="i2"[^>]*aria-current="true"/);
    expect(html).not.toMatch(/data-incident-id="i1"[^>]*aria-current/);
    expect(
      renderToStaticMarkup(
        <IncidentList label="x" selectedId={null} emptyText="None" onOpen={noop} items={[]} />,
      ),
    ).toContain('None');
  });

  it('PendingIndicator states the count', () => {
    const html = renderToStaticMarkup(
      <PendingIndicator count={2} label="2 pending" title="Waiting" online={false} />,
    );
    expect(html).toContain('data-count="2"');
    expect(html).toContain('role="status"');
    expect(html).toContain('2 pending');
  });
});
