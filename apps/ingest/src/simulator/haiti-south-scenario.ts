/**
 * Scenario `haiti-south`: the days after the 2021-style earthquake in the Sud, Nippes and Grand'Anse
 * departments, with a tropical storm arriving six hours into the run.
 *
 * - 226 assets: trucks from the Port-au-Prince and Les Cayes warehouses to the damaged towns along RN2
 *   and RN7, 4x4s from the forward bases, boats on the coastal lanes, survey drones, medical and
 *   search-and-rescue teams working on foot in the towns. Statuses follow their missions:
 *   available (loading) → en_route → on_scene → returning.
 * - 510 sensors: river gauges, rain gauges, weather stations (temperature, humidity, pressure), air
 *   quality (PM2.5/PM10) and soil moisture, with daily cycles, the storm, noise, a few stuck or spiking
 *   sensors, and injected events (`haitiSouthInjectedEvents`): a flash flood of the Ravine du Sud
 *   through Les Cayes from the first minute (flood reports from 2 minutes, gauges past flood stage
 *   within 5, a civil-protection CAP flood warning with its polygon at 5.5, a 4x4 driving into the
 *   flooded area at about 7), the Grand'Anse river at Jérémie 90 minutes in, a fire at the Les Cayes
 *   market 45 minutes in.
 * - A stream of posts in Haitian Creole, French and English from the affected towns, some with phone
 *   numbers, e-mail addresses and names; few of them about floods, fires, the injured or shelter away
 *   from the injected events, so that report clusters elsewhere stay rare.
 */
import type { TAssetKind, TAssetStatus } from '@vigie/contracts/assets';
import type { TCategory } from '@vigie/contracts/categories';
import { ZCategory } from '@vigie/contracts/categories';
import { createEventIdFactory } from '@vigie/contracts/envelope';
import { metrics as metricDefinitions } from '@vigie/contracts/readings';
import type { TMetric } from '@vigie/contracts/readings';
import { destinationPoint, haversineMeters } from '@vigie/domain/geo';
import { scenarioAlertSpecs, scenarioAlertsBetween } from './haiti-south-alerts';
import { nodePositions, rivers, roads, seaLanes, towns } from './haiti-south-geography';
import type { Town } from './haiti-south-geography';
import { composePost } from './haiti-south-posts';
import { dwell, makeItinerary, planMove, stateAt } from './itinerary';
import type { Itinerary, Phase } from './itinerary';
import { makePolyline, pointAlong, reversePolyline, slicePolyline } from './polyline';
import type { Vertex } from './polyline';
import { createPrng } from './prng';
import type { Prng } from './prng';
import { buildRoadNetwork } from './road-network';
import type {
  EventCounts,
  Scenario,
  ScenarioOptions,
  SimAssetInfo,
  SimEvent,
  SimSensorInfo,
} from './scenario';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------------------
// The weather and the injected events, as functions of the time since the start.
// ---------------------------------------------------------------------------------------------------------

const STORM_PEAK = 6 * HOUR;
const STORM_SIGMA = 3 * HOUR;

function stormAt(elapsed: number): number {
  const z = (elapsed - STORM_PEAK) / STORM_SIGMA;
  return Math.exp(-0.5 * z * z);
}

/** Share of the storm's total rain fallen by `elapsed` (a normal CDF, Abramowitz-Stegun 7.1.26). */
function stormFallen(elapsed: number): number {
  const x = (elapsed - STORM_PEAK) / (STORM_SIGMA * Math.SQRT2);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return 0.5 * (1 + Math.sign(x) * erf);
}

/** More rain to the west (Grand'Anse faces the storm first). */
function westness(lon: number): number {
  return Math.min(1, Math.max(0, (-lon - 72.3) / 1.9));
}

/** Haiti is UTC−4 in summer. */
function localHour(time: number): number {
  return (((time / HOUR - 4) % 24) + 24) % 24;
}

function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

interface FloodSpec {
  river: string;
  start: number;
  /** Delay of the wave from the upstream gauge to the mouth. */
  travel: number;
  rise: number;
  hold: number;
  recede: number;
  height: number;
}

const floods: readonly FloodSpec[] = [
  {
    // A flash flood: the lower gauges pass flood stage (4 m) about 5 minutes in.
    river: 'ravine-du-sud',
    start: 30_000,
    travel: 1 * MINUTE,
    rise: 5 * MINUTE,
    hold: 3 * HOUR,
    recede: 8 * HOUR,
    height: 4.0,
  },
  {
    river: 'grande-anse',
    start: 90 * MINUTE,
    travel: 12 * MINUTE,
    rise: 120 * MINUTE,
    hold: 2 * HOUR,
    recede: 6 * HOUR,
    height: 2.8,
  },
];

function floodExtra(river: string, elapsed: number, downstream: number): number {
  let extra = 0;
  for (const flood of floods) {
    if (flood.river !== river) continue;
    // Downstream gauges see the wave later and higher.
    const t = elapsed - flood.start - downstream * flood.travel;
    if (t <= 0) continue;
    const height = flood.height * (0.75 + 0.35 * downstream);
    if (t < flood.rise) extra += height * smoothstep(t / flood.rise);
    else if (t < flood.rise + flood.hold) extra += height;
    else extra += height * (1 - smoothstep((t - flood.rise - flood.hold) / flood.recede));
  }
  return extra;
}

const FIRE = { at: [-73.752, 18.196] as Vertex, start: 45 * MINUTE, duration: 50 * MINUTE };

/** The burst of flood posts from Les Cayes: its share of the posts, ramping up from 2 minutes in. */
const CAYES_BURST = { at: [-73.75, 18.196] as Vertex, from: 2 * MINUTE, full: 3 * MINUTE, share: 0.15 };

function cayesBurstShare(elapsed: number): number {
  if (elapsed < CAYES_BURST.from) return 0;
  const ramp = smoothstep((elapsed - CAYES_BURST.from) / (CAYES_BURST.full - CAYES_BURST.from));
  // Fewer posts once the flood has been on for hours.
  const fade = 1 - 0.7 * smoothstep((elapsed - 2 * HOUR) / (4 * HOUR));
  return CAYES_BURST.share * Math.max(0.15, ramp) * fade;
}

/** What the scenario injects, where and from when (ms after the start): the events alerts should find. */
export interface InjectedEvent {
  id: string;
  description: string;
  category: TCategory;
  from: number;
  /** Places of the event: a signal within `radiusKm` of one of them is about it. */
  near: readonly Vertex[];
  radiusKm: number;
}

export const haitiSouthInjectedEvents: readonly InjectedEvent[] = [
  {
    id: 'flood-les-cayes',
    description: 'Flash flood of the Ravine du Sud through Les Cayes (reports, gauges, CAP warning, convoy)',
    category: 'flood',
    from: floods[0]!.start,
    near: [
      ...(rivers.find((r) => r.id === 'ravine-du-sud')?.course ?? []),
      ...scenarioAlertSpecs[0]!.polygon,
      [-73.75, 18.193],
    ],
    radiusKm: 5,
  },
  {
    id: 'flood-jeremie',
    description: "The Grand'Anse river at Jérémie",
    category: 'flood',
    from: floods[1]!.start,
    near: [...(rivers.find((r) => r.id === 'grande-anse')?.course ?? []), ...scenarioAlertSpecs[1]!.polygon],
    radiusKm: 5,
  },
  {
    id: 'fire-les-cayes-market',
    description: 'Fire at the Les Cayes market (smoke on the air-quality stations)',
    category: 'fire',
    from: FIRE.start,
    near: [FIRE.at],
    radiusKm: 4,
  },
];

function fireSmoke(position: Vertex, elapsed: number): number {
  const t = elapsed - FIRE.start;
  if (t < 0 || t > FIRE.duration + 30 * MINUTE) return 0;
  const strength =
    t < FIRE.duration ? smoothstep(t / (10 * MINUTE)) : 1 - smoothstep((t - FIRE.duration) / (30 * MINUTE));
  const d = haversineMeters({ lon: position[0], lat: position[1] }, { lon: FIRE.at[0], lat: FIRE.at[1] });
  return 260 * strength * Math.exp(-d / 1500);
}

// ---------------------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------------------

const network = buildRoadNetwork(nodePositions(), roads);

function townWeightedPick(prng: Prng, exclude?: string): Town {
  return prng.weighted(towns.filter((t) => t.id !== exclude).map((t) => [t, 0.05 + t.impact] as const));
}

/** A point on a road within `maxMetres` of a town, with a little offset from the road itself. */
function pointNearTown(prng: Prng, townId: string, maxMetres: number, jitterMetres: number): Vertex {
  const edges = network.edgesFrom(townId);
  if (edges.length === 0) return network.nodes.get(townId)!;
  const edge = prng.pick(edges);
  const along = pointAlong(edge.path, prng.range(0, Math.min(maxMetres, edge.path.length)));
  const moved = destinationPoint(along, prng.range(0, 360), prng.range(0, jitterMetres));
  return [moved.lon, moved.lat];
}

function nearestTown(position: Vertex): Town {
  let best = towns[0]!;
  let bestD = Infinity;
  for (const town of towns) {
    const d = (town.at[0] - position[0]) ** 2 + (town.at[1] - position[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = town;
    }
  }
  return best;
}

function nearestRiver(position: Vertex, maxMetres: number): string | undefined {
  let best: string | undefined;
  let bestD = maxMetres;
  for (const river of rivers) {
    for (const v of river.course) {
      const d = haversineMeters({ lon: v[0], lat: v[1] }, { lon: position[0], lat: position[1] });
      if (d < bestD) {
        bestD = d;
        best = river.name;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------------------------------------

interface SimAsset extends SimAssetInfo {
  itinerary: Itinerary;
  altitude?: number;
  accuracy: number;
  /** Phones lose charge: teams report a battery level. */
  batteryPhase?: number;
  attributes: Record<string, string | number | boolean>;
}

const ORGS = ['WFP', 'DPC', 'IFRC', 'CRH', 'UNICEF', 'MSF', 'OIM'] as const;

function roadMission(
  prng: Prng,
  home: string,
  destination: string,
  cruise: number,
  stops: { per10Km: number; ms: readonly [number, number] },
  load: readonly [number, number],
  work: readonly [number, number],
): Phase[] {
  const out = network.route(home, destination);
  const back = network.route(destination, home);
  const homeAt = network.nodes.get(home)!;
  const siteAt = network.nodes.get(destination)!;
  const options = { cruise, stopsPer10Km: stops.per10Km, stopMs: stops.ms };
  const go = planMove(out.path, 'en_route', { ...options, stretches: out.stretches }, prng);
  const ret = planMove(back.path, 'returning', { ...options, stretches: back.stretches }, prng);
  return [
    dwell(homeAt, prng.range(load[0], load[1]), 'available'),
    go,
    dwell(siteAt, prng.range(work[0], work[1]), 'on_scene', pointAlong(out.path, out.path.length).heading),
    ret,
  ];
}

function buildAssets(prng: Prng): SimAsset[] {
  const assets: SimAsset[] = [];
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  // Trucks: from the two warehouses to the damaged towns.
  for (let i = 1; i <= 70; i++) {
    const home = i <= 30 ? 'wh-pap' : 'wh-cayes';
    const site = townWeightedPick(prng, home === 'wh-pap' ? 'port-au-prince' : 'les-cayes');
    const org = prng.pick(ORGS);
    assets.push({
      id: `hti-truck-${pad(i, 3)}`,
      kind: 'vehicle',
      type: 'truck',
      name: `Camion ${org} ${pad(i, 3)}`,
      home,
      accuracy: prng.range(3, 10),
      attributes: { type: 'truck', org, payloadT: prng.pick([8, 10, 12, 15]), destination: site.id },
      itinerary: makeItinerary(
        roadMission(
          prng,
          home,
          site.id,
          prng.range(11, 14),
          { per10Km: 0.35, ms: [3 * MINUTE, 15 * MINUTE] },
          [20 * MINUTE, 70 * MINUTE],
          [30 * MINUTE, 100 * MINUTE],
        ),
        prng,
      ),
    });
  }
  // 4x4s: assessments and light deliveries from the forward bases.
  const fourByFourHomes = ['wh-cayes', 'fb-jeremie', 'fb-miragoane', 'wh-pap'] as const;
  for (let i = 1; i <= 60; i++) {
    const home = prng.weighted(fourByFourHomes.map((h, k) => [h, [25, 15, 12, 8][k]!] as const));
    const homeAt = network.nodes.get(home)!;
    // Nearer towns first: weight by impact over distance.
    const site = prng.weighted(
      towns
        .filter(
          (t) => haversineMeters({ lon: t.at[0], lat: t.at[1] }, { lon: homeAt[0], lat: homeAt[1] }) > 3000,
        )
        .map((t) => {
          const km =
            haversineMeters({ lon: t.at[0], lat: t.at[1] }, { lon: homeAt[0], lat: homeAt[1] }) / 1000;
          return [t, (0.05 + t.impact) / (10 + km)] as const;
        }),
    );
    const org = prng.pick(ORGS);
    assets.push({
      id: `hti-4x4-${pad(i, 3)}`,
      kind: 'vehicle',
      type: '4x4',
      name: `4x4 ${org} ${pad(i, 3)}`,
      home,
      accuracy: prng.range(3, 10),
      attributes: { type: '4x4', org, destination: site.id },
      itinerary: makeItinerary(
        roadMission(
          prng,
          home,
          site.id,
          prng.range(14, 17),
          { per10Km: 0.3, ms: [2 * MINUTE, 8 * MINUTE] },
          [10 * MINUTE, 40 * MINUTE],
          [40 * MINUTE, 120 * MINUTE],
        ),
        prng,
      ),
    });
  }
  // Boats on the coastal lanes.
  for (let i = 1; i <= 16; i++) {
    const lane = seaLanes[(i - 1) % seaLanes.length]!;
    const path = makePolyline(lane.path);
    const options = { cruise: prng.range(6, 9), stopsPer10Km: 0, stopMs: [0, 0] as const };
    const phases: Phase[] = [
      dwell(lane.path[0]!, prng.range(30 * MINUTE, 90 * MINUTE), 'available'),
      planMove(path, 'en_route', options, prng),
      dwell(lane.path[lane.path.length - 1]!, prng.range(30 * MINUTE, 80 * MINUTE), 'on_scene'),
      planMove(reversePolyline(path), 'returning', options, prng),
    ];
    assets.push({
      id: `hti-boat-${pad(i, 2)}`,
      kind: 'boat',
      type: 'boat',
      name: `Bateau ${lane.name} ${pad(i, 2)}`,
      home: lane.id,
      accuracy: prng.range(5, 15),
      attributes: { type: 'boat', lane: lane.id },
      itinerary: makeItinerary(phases, prng),
    });
  }
  // Survey drones: out to a damaged town near their base, hover, back for a battery swap.
  const droneBases = ['wh-cayes', 'fb-jeremie', 'fb-miragoane'] as const;
  for (let i = 1; i <= 16; i++) {
    const base = droneBases[(i - 1) % droneBases.length]!;
    const baseAt = network.nodes.get(base)!;
    const near = towns.filter(
      (t) => haversineMeters({ lon: t.at[0], lat: t.at[1] }, { lon: baseAt[0], lat: baseAt[1] }) < 25_000,
    );
    const target = prng.weighted(near.map((t) => [t, 0.1 + t.impact] as const));
    const over = destinationPoint(
      { lon: target.at[0], lat: target.at[1] },
      prng.range(0, 360),
      prng.range(0, 800),
    );
    const path = makePolyline([baseAt, [over.lon, over.lat]]);
    const options = { cruise: prng.range(15, 19), stopsPer10Km: 0, stopMs: [0, 0] as const };
    const phases: Phase[] = [
      dwell(baseAt, prng.range(10 * MINUTE, 30 * MINUTE), 'available'),
      planMove(path, 'en_route', options, prng),
      dwell([over.lon, over.lat], prng.range(6 * MINUTE, 15 * MINUTE), 'on_scene'),
      planMove(reversePolyline(path), 'returning', options, prng),
    ];
    assets.push({
      id: `hti-drone-${pad(i, 2)}`,
      kind: 'drone',
      type: 'drone',
      name: `Drone ${pad(i, 2)} (${target.name})`,
      home: base,
      altitude: prng.range(90, 120),
      accuracy: prng.range(1, 4),
      attributes: { type: 'drone', survey: target.id },
      itinerary: makeItinerary(phases, prng),
    });
  }
  // Teams on foot in the towns: out along a street, work, back.
  for (let i = 1; i <= 64; i++) {
    const medical = i <= 40;
    const town = townWeightedPick(prng);
    const edges = network.edgesFrom(town.id);
    const edge = prng.pick(edges);
    const walk = slicePolyline(edge.path, 0, Math.min(1500, edge.path.length * 0.8));
    const options = {
      cruise: prng.range(1.0, 1.4),
      stopsPer10Km: 18,
      stopMs: [5 * MINUTE, 20 * MINUTE] as const,
    };
    const phases: Phase[] = [
      dwell(town.at, prng.range(30 * MINUTE, 90 * MINUTE), 'on_scene'),
      planMove(walk, 'en_route', options, prng),
      dwell(walk.points[walk.points.length - 1]!, prng.range(20 * MINUTE, 60 * MINUTE), 'on_scene'),
      planMove(reversePolyline(walk), 'returning', options, prng),
    ];
    const n = medical ? i : i - 40;
    const org = prng.pick(ORGS);
    assets.push({
      id: medical ? `hti-med-${pad(n, 2)}` : `hti-sar-${pad(n, 2)}`,
      kind: 'team',
      type: medical ? 'medical' : 'search_rescue',
      name: medical
        ? `Équipe médicale ${org} ${pad(n, 2)} – ${town.name}`
        : `Équipe recherche et sauvetage ${pad(n, 2)} – ${town.name}`,
      home: town.id,
      accuracy: prng.range(5, 20),
      batteryPhase: prng.range(0, 60),
      attributes: { type: medical ? 'medical' : 'search_rescue', org, members: prng.int(3, 8) },
      itinerary: makeItinerary(phases, prng),
    });
  }
  return assets;
}

/**
 * The assessment 4x4 of the Les Cayes flood: it leaves the Les Cayes warehouse for Port-Salut 1.5
 * minutes in, before the warning, and drives through the flooded lower town minutes later.
 */
function buildCayesConvoy(prng: Prng): SimAsset {
  const route = network.route('wh-cayes', 'port-salut');
  const back = network.route('port-salut', 'wh-cayes');
  const options = { cruise: 14, stopsPer10Km: 0, stopMs: [0, 0] as const };
  const phases: Phase[] = [
    dwell(network.nodes.get('wh-cayes')!, 1.5 * MINUTE, 'available'),
    planMove(route.path, 'en_route', { ...options, stretches: route.stretches }, prng),
    dwell(network.nodes.get('port-salut')!, 90 * MINUTE, 'on_scene'),
    planMove(back.path, 'returning', { ...options, stretches: back.stretches }, prng),
    dwell(network.nodes.get('wh-cayes')!, 3 * HOUR, 'available'),
  ];
  return {
    id: 'hti-4x4-061',
    kind: 'vehicle',
    type: '4x4',
    name: '4x4 DPC 061 (évaluation Port-Salut)',
    home: 'wh-cayes',
    accuracy: 5,
    attributes: { type: '4x4', org: 'DPC', destination: 'port-salut' },
    itinerary: { phases, period: phases.reduce((sum, p) => sum + p.duration, 0), offset: 0 },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sensors
// ---------------------------------------------------------------------------------------------------------

type SensorKind = 'water_level' | 'rain' | 'weather' | 'air_quality' | 'soil_moisture';

interface SimSensor extends SimSensorInfo {
  kind: SensorKind;
  at: Vertex;
  elevation: number;
  /** River gauges: river id, base stage, response, position along the river 0 (upstream) .. 1. */
  river?: { id: string; base: number; response: number; downstream: number };
  /** Fixed offsets that make each sensor a little different. */
  bias: number;
  scale: number;
  dust: number;
  /** Sensors that get stuck at some point repeat their last good value (a classic fault). */
  stuckAfter?: number;
  stuckValue: Map<TMetric, number>;
}

function buildSensors(prng: Prng): SimSensor[] {
  const sensors: SimSensor[] = [];
  const pad = (n: number) => String(n).padStart(3, '0');
  const base = (
    kind: SensorKind,
    id: string,
    name: string,
    at: Vertex,
    metrics: readonly TMetric[],
  ): SimSensor => ({
    id,
    kind,
    name,
    at,
    position: { lon: round(at[0], 6), lat: round(at[1], 6) },
    metrics,
    elevation: nearestTown(at).elevation + prng.range(-10, 40),
    bias: prng.normal(0, 1),
    scale: prng.range(0.85, 1.15),
    dust: prng.range(1.6, 2.2),
    ...(prng.chance(0.015) ? { stuckAfter: prng.range(30 * MINUTE, 10 * HOUR) } : {}),
    stuckValue: new Map(),
  });

  // River gauges along the rivers, upstream to the mouth.
  const gaugesPerRiver = [12, 10, 8, 6, 8, 4, 6, 6];
  rivers.forEach((river, r) => {
    const course = makePolyline(river.course);
    const count = gaugesPerRiver[r] ?? 6;
    for (let k = 0; k < count; k++) {
      const downstream = count === 1 ? 1 : k / (count - 1);
      const p = pointAlong(course, course.length * downstream);
      const sensor = base(
        'water_level',
        `hti-wl-${river.id}-${String(k + 1).padStart(2, '0')}`,
        `Échelle ${river.name} ${k + 1}`,
        [p.lon, p.lat],
        ['water_level'],
      );
      sensor.river = {
        id: river.id,
        base: river.baseLevel * prng.range(0.8, 1.2),
        response: river.response,
        downstream,
      };
      sensors.push(sensor);
    }
  });
  const townPick = () => townWeightedPick(prng).id;
  for (let i = 1; i <= 130; i++) {
    const at = pointNearTown(prng, townPick(), 6000, 400);
    sensors.push(
      base('rain', `hti-rain-${pad(i)}`, `Pluviomètre ${nearestTown(at).name} ${i}`, at, ['rain']),
    );
  }
  for (let i = 1; i <= 160; i++) {
    const at = pointNearTown(prng, townPick(), 5000, 400);
    sensors.push(
      base('weather', `hti-wx-${pad(i)}`, `Station météo ${nearestTown(at).name} ${i}`, at, [
        'temperature',
        'humidity',
        'pressure',
      ]),
    );
  }
  const airTowns = ['les-cayes', 'jeremie', 'port-au-prince', 'miragoane', 'anse-a-veau', 'camp-perrin'];
  for (let i = 1; i <= 100; i++) {
    const at = pointNearTown(prng, prng.pick(airTowns), 3000, 300);
    sensors.push(
      base('air_quality', `hti-aq-${pad(i)}`, `Qualité de l'air ${nearestTown(at).name} ${i}`, at, [
        'air_quality_pm25',
        'air_quality_pm10',
      ]),
    );
  }
  const slopeTowns = ['camp-perrin', 'beaumont', 'roseaux', 'l-asile', 'fond-des-negres', 'corail'];
  for (let i = 1; i <= 60; i++) {
    const at = pointNearTown(prng, prng.pick(slopeTowns), 8000, 300);
    sensors.push(
      base('soil_moisture', `hti-soil-${pad(i)}`, `Humidité du sol ${nearestTown(at).name} ${i}`, at, [
        'soil_moisture',
      ]),
    );
  }
  return sensors;
}

function peak(hour: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-0.5 * (d / width) ** 2);
}

/** The true value of a metric at a sensor, before noise. */
function signal(sensor: SimSensor, metric: TMetric, time: number, elapsed: number): number {
  const h = localHour(time);
  const storm = stormAt(elapsed) * (0.6 + 0.5 * westness(sensor.at[0]));
  const daily = Math.sin((2 * Math.PI * (h - 9)) / 24);
  switch (metric) {
    case 'water_level': {
      const river = sensor.river!;
      const lag = (2 + 3 * river.downstream) * HOUR;
      const wave = stormAt(elapsed - lag) ** 0.55;
      const tide = river.downstream > 0.8 ? 0.12 * Math.sin((2 * Math.PI * time) / (12.42 * HOUR)) : 0;
      return (
        river.base +
        river.response * wave * (0.6 + 0.5 * westness(sensor.at[0])) +
        tide +
        floodExtra(river.id, elapsed, river.downstream)
      );
    }
    case 'rain': {
      // mm fallen in the last 10 minutes: the storm plus afternoon showers.
      const showers =
        h > 12 && h < 19
          ? 5 *
            Math.max(0, Math.sin((Math.PI * (h - 12)) / 7)) *
            (0.5 + 0.5 * Math.sin(sensor.bias * 7 + time / (37 * MINUTE)))
          : 0;
      const rate = 38 * storm * sensor.scale + showers;
      return rate < 0.3 ? 0 : rate / 6;
    }
    case 'temperature':
      return 27.5 + 4.2 * daily - 0.0065 * sensor.elevation - 3.5 * storm + 0.4 * sensor.bias;
    case 'humidity':
      return Math.min(100, 76 - 15 * daily + 20 * storm + 2 * sensor.bias);
    case 'pressure':
      return (
        1012.5 -
        0.115 * sensor.elevation +
        1.1 * Math.sin((4 * Math.PI * (h - 10)) / 24) -
        14 * storm +
        0.5 * sensor.bias
      );
    case 'air_quality_pm25':
    case 'air_quality_pm10': {
      const town = nearestTown(sensor.at);
      const traffic = 12 * (peak(h, 7.5, 1.2) + peak(h, 18, 1.5));
      const rubble = 22 * town.impact * sensor.scale;
      const pm25 = (14 + traffic + rubble) * (1 - 0.6 * storm) + fireSmoke(sensor.at, elapsed);
      return metric === 'air_quality_pm25' ? pm25 : pm25 * sensor.dust;
    }
    case 'soil_moisture':
      return 28 + 55 * stormFallen(elapsed) * sensor.scale - 4 * Math.max(0, daily) + 2 * sensor.bias;
    default:
      return 0;
  }
}

const noiseSd: Partial<Record<TMetric, number>> = {
  water_level: 0.015,
  rain: 0.15,
  temperature: 0.3,
  humidity: 1.5,
  pressure: 0.3,
  air_quality_pm25: 0.12,
  air_quality_pm10: 0.12,
  soil_moisture: 0.8,
};

function clampToMetric(metric: TMetric, value: number): number {
  const { min, max } = metricDefinitions[metric];
  return Math.min(max, Math.max(min, value));
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const digits: Partial<Record<TMetric, number>> = {
  water_level: 3,
  rain: 1,
  temperature: 1,
  humidity: 0,
  pressure: 1,
  air_quality_pm25: 1,
  air_quality_pm10: 1,
  soil_moisture: 1,
};

// ---------------------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------------------

export function createHaitiSouthScenario(options: ScenarioOptions): Scenario {
  const root = createPrng(options.seed);
  const assets = [...buildAssets(root.fork('assets')), buildCayesConvoy(root.fork('convoy'))];
  const sensors = buildSensors(root.fork('sensors'));
  const noise = root.fork('noise');
  const posts = root.fork('posts');
  const ids = root.fork('ids');
  let clock = options.startTime;
  const newId = createEventIdFactory({ now: () => clock, fillRandom: (bytes) => ids.fill(bytes) });
  const channels = [
    ['social', 0.6],
    ['sms', 0.25],
    ['message', 0.15],
  ] as const;
  const sensorMetrics = sensors.flatMap((sensor) => sensor.metrics.map((metric) => ({ sensor, metric })));
  let assetCursor = 0;
  let readingCursor = 0;
  let reportCount = 0;
  const cayes = towns.find((t) => t.id === 'les-cayes')!;
  const onlyFlood = Object.fromEntries(ZCategory.options.map((c) => [c, c === 'flood' ? 1 : 0])) as Partial<
    Record<TCategory, number>
  >;

  function positionEvent(asset: SimAsset, time: number): SimEvent {
    const elapsed = time - options.startTime;
    const state = stateAt(asset.itinerary, elapsed);
    const lon = round(state.lon, 6);
    const lat = round(state.lat, 6);
    const payload: Record<string, unknown> = {
      assetId: asset.id,
      assetKind: asset.kind,
      position: { lon, lat },
      speed: round(state.speed, 2),
      heading: round(state.heading, 1),
      accuracy: round(asset.accuracy, 1),
      status: state.status as TAssetStatus,
      attributes: asset.attributes,
    };
    if (asset.altitude !== undefined)
      payload.altitude = round(state.speed > 0 || state.status === 'on_scene' ? asset.altitude : 0, 1);
    if (asset.batteryPhase !== undefined) {
      payload.battery = round(100 - (((elapsed / HOUR) * 6 + asset.batteryPhase) % 85), 0);
    }
    return {
      id: newId(),
      type: 'position',
      v: 1,
      source: options.source,
      occurredAt: new Date(time).toISOString(),
      geo: { lon, lat },
      payload,
    };
  }

  function readingEvent(sensor: SimSensor, metric: TMetric, time: number): SimEvent {
    const elapsed = time - options.startTime;
    let value: number;
    let quality: 'suspect' | undefined;
    if (sensor.stuckAfter !== undefined && elapsed > sensor.stuckAfter) {
      value =
        sensor.stuckValue.get(metric) ??
        signal(sensor, metric, options.startTime + sensor.stuckAfter, sensor.stuckAfter);
      sensor.stuckValue.set(metric, value);
    } else {
      const clean = signal(sensor, metric, time, elapsed);
      const sd = noiseSd[metric] ?? 0;
      const relative = metric.startsWith('air_quality');
      value = relative ? clean * (1 + noise.normal(0, sd)) : clean + noise.normal(0, sd);
      if (metric === 'rain' && clean === 0) value = 0;
      if (noise.chance(0.001)) {
        value = Math.abs(value) * noise.range(3, 6) + 1;
        quality = 'suspect';
      }
    }
    value = round(clampToMetric(metric, value), digits[metric] ?? 2);
    const payload: Record<string, unknown> = {
      sensorId: sensor.id,
      metric,
      value,
      unit: metricDefinitions[metric].unit,
      position: sensor.position,
    };
    if (metric === 'rain') payload.periodS = 600;
    if (quality !== undefined) payload.quality = quality;
    return {
      id: newId(),
      type: 'reading',
      v: 1,
      source: options.source,
      occurredAt: new Date(time).toISOString(),
      geo: sensor.position,
      payload,
    };
  }

  function reportEvent(time: number): SimEvent {
    const elapsed = time - options.startTime;
    const storm = stormAt(elapsed);
    const burst = posts.chance(cayesBurstShare(elapsed));
    const town = burst ? cayes : townWeightedPick(posts);
    const at: Vertex = burst
      ? (() => {
          const p = destinationPoint(
            { lon: CAYES_BURST.at[0], lat: CAYES_BURST.at[1] },
            posts.range(0, 360),
            posts.range(0, 1200),
          );
          return [p.lon, p.lat];
        })()
      : pointNearTown(posts, town.id, 2500, 250);
    const flooding = floods.some(
      (f) =>
        floodExtra(f.river, elapsed, 1) > 0.5 &&
        nearestRiver(at, 6000) === rivers.find((r) => r.id === f.river)?.name,
    );
    // Away from the injected events, few posts are about what the cluster rules look for (floods,
    // the injured, shelter): the background is the earthquake's aftermath.
    const weights: Partial<Record<TCategory, number>> = burst
      ? onlyFlood
      : {
          flood: 0.03 + 2 * storm * storm + (flooding ? 6 : 0),
          landslide: 0.3 + 2 * storm,
          earthquake: 1.5,
          infrastructure: 1.2,
          medical: 0.03,
          shelter: 0.03,
        };
    const edges = network.edgesFrom(town.id);
    const edge = edges.length > 0 ? posts.pick(edges) : undefined;
    const other =
      edge === undefined
        ? townWeightedPick(posts, town.id).name
        : (towns.find((t) => t.id === edge.to)?.name ?? townWeightedPick(posts, town.id).name);
    const post = composePost(
      posts,
      {
        town: town.name,
        otherTown: other,
        road: edge?.road ?? 'route',
        river: burst ? 'Ravine du Sud' : nearestRiver(at, 8000),
      },
      weights,
    );
    reportCount++;
    const channel = posts.weighted(channels);
    const occurred = time - Math.floor(posts.range(0, 90_000));
    const payload: Record<string, unknown> = {
      reportId: `hs-${options.seed}-${reportCount}`,
      channel,
      text: post.text,
      lang: post.lang,
      position: { lon: round(at[0], 5), lat: round(at[1], 5) },
      positionAccuracy:
        channel === 'social' ? round(posts.range(10, 80), 0) : round(posts.range(300, 2500), 0),
      placeName: town.name,
    };
    if (channel === 'social') payload.author = post.author;
    return {
      id: newId(),
      type: 'report',
      v: 1,
      source: options.source,
      occurredAt: new Date(Math.max(options.startTime, occurred)).toISOString(),
      geo: payload.position as { lon: number; lat: number },
      payload,
    };
  }

  return {
    name: 'haiti-south',
    description:
      "Earthquake and storm in southern Haiti (Sud, Nippes, Grand'Anse): convoys on RN2 and RN7, boats, drones, field teams, river gauges and posts in Creole, French and English",
    assets: assets.map(({ id, kind, type, name, home }) => ({
      id,
      kind: kind as TAssetKind,
      type,
      name,
      home,
    })),
    sensors: sensors.map(({ id, metrics, position, name }) => ({ id, metrics, position, name })),
    mix: { positions: 0.565, readings: 0.43, reports: 0.005 },
    generate(time: number, counts: EventCounts): SimEvent[] {
      clock = Math.max(clock, Math.floor(time));
      const events: SimEvent[] = [];
      for (let i = 0; i < counts.positions; i++) {
        events.push(positionEvent(assets[assetCursor]!, time));
        assetCursor = (assetCursor + 1) % assets.length;
      }
      for (let i = 0; i < counts.readings; i++) {
        const { sensor, metric } = sensorMetrics[readingCursor]!;
        events.push(readingEvent(sensor, metric, time));
        readingCursor = (readingCursor + 1) % sensorMetrics.length;
      }
      for (let i = 0; i < counts.reports; i++) events.push(reportEvent(time));
      return events;
    },
    alerts: (from: number, to: number) => scenarioAlertsBetween(from, to, options.startTime, options.seed),
  };
}
