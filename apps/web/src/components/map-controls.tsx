'use client';
import type { TAssetStatus } from '@vigie/contracts/assets';
import { LayerToggles } from '@vigie/ui/layer-toggles';
import { Legend } from '@vigie/ui/legend';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useI18n } from '../i18n/i18n-context';
import {
  ALARM_COLOR,
  OFFLINE_COLOR,
  SENSOR_ANOMALY,
  SENSOR_NORMAL,
  SENSOR_WATCH,
  STATUS_COLORS,
  TRACK_COLOR,
  cssColor,
  densityColor,
} from '../map/entity-style';
import { SEVERITY_COLORS } from '../map/situation-layers';
import { TOGGLEABLE_LAYERS, mapUiStore, setControlsCollapsed, toggleLayer, updateMapUi } from '../map/map-ui';
import type { ToggleableLayer } from '../map/map-ui';

const PHONE_QUERY = '(max-width: 640px)';

const SWATCHES: Record<ToggleableLayer, string> = {
  incidents: cssColor(SEVERITY_COLORS.severe),
  alerts: cssColor(SEVERITY_COLORS.extreme),
  zones: cssColor(SEVERITY_COLORS.moderate),
  assets: cssColor(STATUS_COLORS.en_route),
  sensors: cssColor(SENSOR_NORMAL),
  reports: cssColor(densityColor(20)),
  track: cssColor(TRACK_COLOR),
};

/** Layer switches and the legend, folded to a button on phones. */
export function MapControls() {
  const { t } = useI18n();
  const layers = useStore(mapUiStore, (s) => s.layers);
  const collapsed = useStore(mapUiStore, (s) => s.controlsCollapsed);

  useEffect(() => {
    const query = window.matchMedia(PHONE_QUERY);
    updateMapUi(setControlsCollapsed, query.matches);
    const onChange = (event: MediaQueryListEvent) => updateMapUi(setControlsCollapsed, event.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const statuses = Object.keys(STATUS_COLORS) as TAssetStatus[];
  return (
    <div className="map-controls" data-collapsed={collapsed}>
      <LayerToggles
        title={t('map.layers')}
        collapsed={collapsed}
        onCollapsedChange={(next) => updateMapUi(setControlsCollapsed, next)}
        onToggle={(id) => {
          if ((TOGGLEABLE_LAYERS as readonly string[]).includes(id))
            updateMapUi(toggleLayer, id as ToggleableLayer);
        }}
        layers={TOGGLEABLE_LAYERS.map((id) => ({
          id,
          label: t(`map.layer.${id}`),
          checked: layers[id],
          swatch: SWATCHES[id],
        }))}
      />
      {!collapsed && (
        <Legend
          title={t('map.legend')}
          groups={[
            {
              title: t('map.legend.status'),
              items: [
                ...statuses.map((status) => ({
                  label: t(`status.${status}`),
                  color: cssColor(STATUS_COLORS[status]),
                  shape: 'arrow' as const,
                })),
                { label: t('map.legend.alarm'), color: cssColor(ALARM_COLOR), shape: 'arrow' as const },
                { label: t('map.legend.offline'), color: cssColor(OFFLINE_COLOR), shape: 'arrow' as const },
              ],
            },
            {
              title: t('map.legend.sensors'),
              items: [
                {
                  label: t('map.legend.sensorNormal'),
                  color: cssColor(SENSOR_NORMAL),
                  shape: 'dot' as const,
                },
                { label: t('map.legend.sensorWatch'), color: cssColor(SENSOR_WATCH), shape: 'dot' as const },
                {
                  label: t('map.legend.sensorAnomaly'),
                  color: cssColor(SENSOR_ANOMALY),
                  shape: 'dot' as const,
                },
              ],
            },
            {
              title: t('map.legend.other'),
              items: [
                { label: t('map.legend.reports'), color: cssColor(densityColor(20)), shape: 'hex' as const },
                { label: t('map.legend.track'), color: cssColor(TRACK_COLOR), shape: 'line' as const },
              ],
            },
          ]}
        />
      )}
    </div>
  );
}
