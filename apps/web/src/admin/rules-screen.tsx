'use client';
// Admin page of the detection rules (numeric parameters editable, enable switch) and of the zones
// (geofences, hazard zones: kind, name, validity, remove; create by pasting GeoJSON). Needs the
// rule.manage and zone.manage permissions (admins). The processor reloads both every few seconds.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRuleV1 } from '@vigie/contracts/rule-api';
import { can } from '@vigie/contracts/roles';
import type { TAdminZoneV1, TCreateZoneInput } from '@vigie/contracts/zone-admin-api';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { SESSION_QUERY_KEY, fetchMe } from '../api/auth';
import { useTRPC } from '../api/trpc';
import { AppHeader } from '../components/app-header';
import { useI18n } from '../i18n/i18n-context';

const ZONE_KINDS = ['geofence', 'hazard'] as const;

function RuleRow({
  rule,
  onSave,
  onToggle,
}: {
  rule: TRuleV1;
  onSave: (params: Record<string, unknown>) => void;
  onToggle: (enabled: boolean) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const numeric = Object.entries(rule.params).filter(([, v]) => typeof v === 'number');
  const other = Object.entries(rule.params).filter(([, v]) => typeof v !== 'number');
  const dirty = Object.keys(draft).length > 0;
  const save = () => {
    const params: Record<string, unknown> = { ...rule.params };
    for (const [key, value] of Object.entries(draft)) params[key] = value === '' ? undefined : Number(value);
    onSave(params);
    setDraft({});
  };
  return (
    <tr data-testid={`rule-${rule.id}`}>
      <td>
        <strong>{rule.name}</strong> <span className="muted">({rule.kind})</span>
        <br />
        <span className="muted">{rule.id}</span>
      </td>
      <td>
        <div className="feeds-form">
          {numeric.map(([key, value]) => (
            <label key={key}>
              {key}
              <input
                type="number"
                step="any"
                value={draft[key] ?? String(value)}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
            </label>
          ))}
        </div>
        {other.length > 0 && (
          <div className="muted">
            {other.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(' · ')}
          </div>
        )}
      </td>
      <td>
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={rule.enabled}
            onChange={(e) => onToggle(e.target.checked)}
          />{' '}
          {rule.enabled ? t('rules.enabled') : t('rules.disabled')}
        </label>
      </td>
      <td>
        <div className="feeds-actions">
          <button type="button" className="button" disabled={!dirty} onClick={save}>
            {t('rules.save')}
          </button>
          <button type="button" className="button" disabled={!dirty} onClick={() => setDraft({})}>
            {t('rules.reset')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** A geometry from pasted GeoJSON: a Polygon/MultiPolygon, or the geometry of a Feature. */
function pastedGeometry(text: string): unknown {
  const value = JSON.parse(text) as {
    type?: string;
    geometry?: unknown;
    features?: { geometry?: unknown }[];
  };
  if (value.type === 'Feature') return value.geometry;
  if (value.type === 'FeatureCollection') return value.features?.[0]?.geometry;
  return value;
}

function RulesPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.rules.list.queryOptions({}));
  const zones = useQuery(trpc.zones.list.queryOptions({ kinds: ['geofence', 'hazard'] }));
  const refreshRules = () => queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
  const refreshZones = () => queryClient.invalidateQueries({ queryKey: trpc.zones.list.queryKey() });
  const updateRule = useMutation(trpc.rules.update.mutationOptions({ onSuccess: refreshRules }));
  const createZone = useMutation(trpc.zones.create.mutationOptions({ onSuccess: refreshZones }));
  const removeZone = useMutation(trpc.zones.remove.mutationOptions({ onSuccess: refreshZones }));
  const [form, setForm] = useState({
    kind: 'geofence' as (typeof ZONE_KINDS)[number],
    name: '',
    validFrom: '',
    validTo: '',
    geojson: '',
  });
  const [jsonError, setJsonError] = useState<string | null>(null);

  const when = (iso: string | null) =>
    iso === null
      ? '—'
      : new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let geometry: unknown;
    try {
      geometry = pastedGeometry(form.geojson);
    } catch {
      setJsonError(t('zones.badJson'));
      return;
    }
    setJsonError(null);
    const input = {
      kind: form.kind,
      name: form.name,
      geometry: geometry as TCreateZoneInput['geometry'],
      validFrom: form.validFrom === '' ? null : new Date(form.validFrom).toISOString(),
      validTo: form.validTo === '' ? null : new Date(form.validTo).toISOString(),
    };
    createZone.mutate(input, {
      onSuccess: () => setForm((f) => ({ ...f, name: '', geojson: '', validFrom: '', validTo: '' })),
    });
  };
  const problem = updateRule.error ?? createZone.error ?? removeZone.error ?? rules.error ?? zones.error;

  return (
    <>
      <h1>{t('rules.title')}</h1>
      {problem && <p className="error-text">{t('feeds.error', { message: problem.message })}</p>}
      {rules.data && rules.data.length === 0 && <p className="muted">{t('rules.empty')}</p>}
      {rules.data && rules.data.length > 0 && (
        <table className="feeds-table" data-testid="rules-table">
          <thead>
            <tr>
              <th>{t('rules.name')}</th>
              <th>{t('rules.params')}</th>
              <th>{t('rules.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) => (
              <RuleRow
                key={`${rule.id}:${rule.updatedAt}`}
                rule={rule}
                onSave={(params) => updateRule.mutate({ id: rule.id, params })}
                onToggle={(enabled) => updateRule.mutate({ id: rule.id, enabled })}
              />
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('zones.title')}</h2>
      <form className="feeds-form" onSubmit={submit} data-testid="zone-form">
        <label>
          {t('zones.kind')}
          <select
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as (typeof ZONE_KINDS)[number] })}
          >
            {ZONE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`zones.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('zones.name')}
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          {t('zones.validFrom')}
          <input
            type="datetime-local"
            value={form.validFrom}
            onChange={(e) => setForm({ ...form, validFrom: e.target.value })}
          />
        </label>
        <label>
          {t('zones.validTo')}
          <input
            type="datetime-local"
            value={form.validTo}
            onChange={(e) => setForm({ ...form, validTo: e.target.value })}
          />
        </label>
        <label>
          {t('zones.geojson')}
          <textarea
            required
            rows={4}
            cols={50}
            placeholder='{"type":"Polygon","coordinates":[[[lon,lat],…]]}'
            value={form.geojson}
            onChange={(e) => setForm({ ...form, geojson: e.target.value })}
          />
        </label>
        <button type="submit" className="button" disabled={createZone.isPending}>
          {t('zones.add')}
        </button>
      </form>
      {jsonError && <p className="error-text">{jsonError}</p>}
      {zones.data && zones.data.length === 0 && <p className="muted">{t('zones.empty')}</p>}
      {zones.data && zones.data.length > 0 && (
        <table className="feeds-table" data-testid="zones-table">
          <thead>
            <tr>
              <th>{t('zones.kind')}</th>
              <th>{t('zones.name')}</th>
              <th>{t('zones.validity')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {zones.data.map((zone: TAdminZoneV1) => (
              <tr key={zone.id} data-testid={`zone-${zone.id}`}>
                <td>{zone.kind === 'admin_area' ? zone.kind : t(`zones.kind.${zone.kind}`)}</td>
                <td>{zone.name}</td>
                <td>
                  {when(zone.validFrom)} → {when(zone.validTo)}
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      if (window.confirm(t('zones.confirmRemove', { name: zone.name })))
                        removeZone.mutate({ id: zone.id });
                    }}
                  >
                    {t('feeds.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function RulesScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchMe, retry: 1, staleTime: 60_000 });
  useEffect(() => {
    if (session.data === null) router.replace('/login');
  }, [session.data, router]);
  if (session.data === undefined || session.data === null) {
    return <main className="center-screen muted">{t('map.loading')}</main>;
  }
  const allowed = can(session.data.role, 'rule.manage') && can(session.data.role, 'zone.manage');
  return (
    <div className="feeds-screen">
      <AppHeader user={session.data} live={false} />
      <main className="feeds-screen__body">
        {allowed ? <RulesPanel /> : <p className="error-text">{t('rules.forbidden')}</p>}
      </main>
    </div>
  );
}
