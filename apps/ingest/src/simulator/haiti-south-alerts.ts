/**
 * External alerts of the Haiti scenario: what a simulated national civil-protection agency publishes
 * as CAP 1.2 while the injected floods unfold — one flood warning per flooded river, with the polygon
 * of the flooded area, sent some minutes after the river starts rising. The sender and the sender
 * name say the feed is simulated; the simulator pushes these documents to `POST /api/v1/cap` like any
 * CAP source.
 */
import type { Vertex } from './polyline';
import type { SimAlertDocument } from './scenario';

/** The CAP sender of the simulated civil-protection feed. */
export const SIMULATED_CAP_SENDER = 'dpc-haiti.simulated';
const SENDER_NAME = "Direction de la Protection Civile d'Haïti (flux simulé)";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ScenarioAlertSpec {
  /** Short name of the alert in its identifier. */
  key: string;
  /** When it is sent, ms after the scenario start. */
  at: number;
  /** How long it stays valid. */
  validFor: number;
  event: string;
  headline: string;
  description: string;
  instruction: string;
  areaDescription: string;
  /** Closed ring, [lon, lat] vertices. */
  polygon: readonly Vertex[];
  severity: 'Extreme' | 'Severe' | 'Moderate';
}

/** The flood warnings, in the order they are sent. */
export const scenarioAlertSpecs: readonly ScenarioAlertSpec[] = [
  {
    key: 'flood-les-cayes',
    at: 5 * MINUTE + 30_000,
    validFor: 12 * HOUR,
    event: 'Inondation',
    headline: 'Alerte inondation : crue de la Ravine du Sud aux Cayes',
    description:
      'La Ravine du Sud est sortie de son lit en aval de Camp-Perrin. Quartiers bas des Cayes, route de ' +
      "l'aéroport et RN2 à l'entrée de la ville inondés.",
    instruction:
      "Évitez la zone inondée, ne traversez pas les radiers. Les convois vers Torbeck et Port-Salut doivent attendre l'ordre de passage.",
    areaDescription: 'Les Cayes et basse vallée de la Ravine du Sud (Sud)',
    polygon: [
      [-73.8, 18.245],
      [-73.74, 18.245],
      [-73.715, 18.205],
      [-73.725, 18.175],
      [-73.765, 18.17],
      [-73.8, 18.19],
      [-73.8, 18.245],
    ],
    severity: 'Severe',
  },
  {
    key: 'flood-jeremie',
    at: 110 * MINUTE,
    validFor: 10 * HOUR,
    event: 'Inondation',
    headline: "Alerte inondation : crue de la rivière de la Grand'Anse à Jérémie",
    description:
      "La rivière de la Grand'Anse déborde à l'entrée de Jérémie ; le pont de la route de Roseaux est fermé.",
    instruction: 'Éloignez-vous des berges. Circulation interdite sur le pont de Roseaux.',
    areaDescription: "Jérémie et basse vallée de la Grand'Anse (Grand'Anse)",
    polygon: [
      [-74.11, 18.655],
      [-74.06, 18.66],
      [-74.04, 18.61],
      [-74.06, 18.58],
      [-74.1, 18.6],
      [-74.11, 18.655],
    ],
    severity: 'Severe',
  },
];

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** CAP times: seconds and an explicit offset. */
function capTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/** The CAP 1.2 document of one alert, sent `startTime + spec.at`. */
export function capDocument(spec: ScenarioAlertSpec, startTime: number, seed: number): string {
  const sent = capTime(startTime + spec.at);
  const expires = capTime(startTime + spec.at + spec.validFor);
  const identifier = `sim-${seed}-${Math.floor(startTime / 1000)}-${spec.key}`;
  // CAP polygons are "lat,lon" pairs separated by spaces.
  const polygon = spec.polygon.map(([lon, lat]) => `${lat},${lon}`).join(' ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    `  <identifier>${identifier}</identifier>`,
    `  <sender>${SIMULATED_CAP_SENDER}</sender>`,
    `  <sent>${sent}</sent>`,
    '  <status>Actual</status>',
    '  <msgType>Alert</msgType>',
    '  <scope>Public</scope>',
    '  <info>',
    '    <language>fr-HT</language>',
    '    <category>Met</category>',
    `    <event>${escapeXml(spec.event)}</event>`,
    '    <responseType>Avoid</responseType>',
    '    <urgency>Immediate</urgency>',
    `    <severity>${spec.severity}</severity>`,
    '    <certainty>Observed</certainty>',
    `    <effective>${sent}</effective>`,
    `    <expires>${expires}</expires>`,
    `    <senderName>${escapeXml(SENDER_NAME)}</senderName>`,
    `    <headline>${escapeXml(spec.headline)}</headline>`,
    `    <description>${escapeXml(spec.description)}</description>`,
    `    <instruction>${escapeXml(spec.instruction)}</instruction>`,
    '    <area>',
    `      <areaDesc>${escapeXml(spec.areaDescription)}</areaDesc>`,
    `      <polygon>${polygon}</polygon>`,
    '    </area>',
    '  </info>',
    '</alert>',
    '',
  ].join('\n');
}

/** The alert documents due in (from, to], simulated ms since the epoch. */
export function scenarioAlertsBetween(
  from: number,
  to: number,
  startTime: number,
  seed: number,
): SimAlertDocument[] {
  return scenarioAlertSpecs
    .filter((spec) => startTime + spec.at > from && startTime + spec.at <= to)
    .map((spec) => ({
      at: startTime + spec.at,
      contentType: 'application/cap+xml',
      body: capDocument(spec, startTime, seed),
    }));
}
