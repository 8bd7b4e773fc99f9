/**
 * The southern peninsula of Haiti (departments Ouest, Nippes, Sud and Grand'Anse) as the simulator
 * needs it: towns, logistics bases, hand-drawn road polylines along Route Nationale 2 (Port-au-Prince
 * – Miragoâne – Aquin – Les Cayes) and Route Nationale 7 (Les Cayes – Camp-Perrin – Beaumont –
 * Jérémie) and the departmental roads to the Nippes coast, coastal sea lanes, and river reaches for
 * the gauges. Coordinates are approximate (a few hundred metres), longitude first.
 *
 * The setting follows the 14 August 2021 earthquake (Mw 7.2, epicentre near Petit-Trou-de-Nippes)
 * and the rains of tropical storm Grace two days later.
 */
import type { Vertex } from './polyline';

export type Department = 'Ouest' | 'Nippes' | 'Sud' | "Grand'Anse";

export interface Town {
  readonly id: string;
  readonly name: string;
  readonly department: Department;
  readonly at: Vertex;
  /** Approximate elevation, metres (weather sensors use it). */
  readonly elevation: number;
  /** How hard the earthquake hit it, 0..1 (weights missions, posts and damage). */
  readonly impact: number;
}

export const towns: readonly Town[] = [
  {
    id: 'port-au-prince',
    name: 'Port-au-Prince',
    department: 'Ouest',
    at: [-72.3388, 18.5392],
    elevation: 40,
    impact: 0.05,
  },
  {
    id: 'carrefour',
    name: 'Carrefour',
    department: 'Ouest',
    at: [-72.399, 18.541],
    elevation: 20,
    impact: 0.05,
  },
  {
    id: 'gressier',
    name: 'Gressier',
    department: 'Ouest',
    at: [-72.527, 18.541],
    elevation: 15,
    impact: 0.05,
  },
  { id: 'leogane', name: 'Léogâne', department: 'Ouest', at: [-72.634, 18.511], elevation: 20, impact: 0.1 },
  {
    id: 'grand-goave',
    name: 'Grand-Goâve',
    department: 'Ouest',
    at: [-72.769, 18.429],
    elevation: 15,
    impact: 0.1,
  },
  {
    id: 'petit-goave',
    name: 'Petit-Goâve',
    department: 'Ouest',
    at: [-72.866, 18.431],
    elevation: 20,
    impact: 0.2,
  },
  {
    id: 'miragoane',
    name: 'Miragoâne',
    department: 'Nippes',
    at: [-73.089, 18.446],
    elevation: 25,
    impact: 0.5,
  },
  {
    id: 'petite-riviere-de-nippes',
    name: 'Petite-Rivière-de-Nippes',
    department: 'Nippes',
    at: [-73.238, 18.477],
    elevation: 30,
    impact: 0.6,
  },
  {
    id: 'anse-a-veau',
    name: 'Anse-à-Veau',
    department: 'Nippes',
    at: [-73.345, 18.501],
    elevation: 20,
    impact: 0.9,
  },
  {
    id: 'petit-trou-de-nippes',
    name: 'Petit-Trou-de-Nippes',
    department: 'Nippes',
    at: [-73.509, 18.525],
    elevation: 25,
    impact: 0.9,
  },
  {
    id: 'baraderes',
    name: 'Baradères',
    department: 'Nippes',
    at: [-73.639, 18.482],
    elevation: 30,
    impact: 0.7,
  },
  {
    id: 'fond-des-negres',
    name: 'Fond-des-Nègres',
    department: 'Nippes',
    at: [-73.233, 18.368],
    elevation: 380,
    impact: 0.5,
  },
  {
    id: 'l-asile',
    name: "L'Asile",
    department: 'Nippes',
    at: [-73.417, 18.383],
    elevation: 280,
    impact: 0.85,
  },
  { id: 'aquin', name: 'Aquin', department: 'Sud', at: [-73.398, 18.28], elevation: 15, impact: 0.5 },
  {
    id: 'saint-louis-du-sud',
    name: 'Saint-Louis-du-Sud',
    department: 'Sud',
    at: [-73.546, 18.262],
    elevation: 20,
    impact: 0.7,
  },
  { id: 'cavaillon', name: 'Cavaillon', department: 'Sud', at: [-73.653, 18.3], elevation: 60, impact: 0.6 },
  { id: 'les-cayes', name: 'Les Cayes', department: 'Sud', at: [-73.75, 18.193], elevation: 10, impact: 0.9 },
  { id: 'torbeck', name: 'Torbeck', department: 'Sud', at: [-73.81, 18.163], elevation: 15, impact: 0.6 },
  {
    id: 'port-salut',
    name: 'Port-Salut',
    department: 'Sud',
    at: [-73.917, 18.08],
    elevation: 10,
    impact: 0.4,
  },
  {
    id: 'camp-perrin',
    name: 'Camp-Perrin',
    department: 'Sud',
    at: [-73.867, 18.317],
    elevation: 240,
    impact: 0.8,
  },
  {
    id: 'beaumont',
    name: 'Beaumont',
    department: "Grand'Anse",
    at: [-73.953, 18.483],
    elevation: 600,
    impact: 0.6,
  },
  {
    id: 'roseaux',
    name: 'Roseaux',
    department: "Grand'Anse",
    at: [-74.01, 18.597],
    elevation: 20,
    impact: 0.6,
  },
  {
    id: 'jeremie',
    name: 'Jérémie',
    department: "Grand'Anse",
    at: [-74.117, 18.65],
    elevation: 15,
    impact: 0.8,
  },
  {
    id: 'corail',
    name: 'Corail',
    department: "Grand'Anse",
    at: [-73.889, 18.568],
    elevation: 20,
    impact: 0.8,
  },
  {
    id: 'pestel',
    name: 'Pestel',
    department: "Grand'Anse",
    at: [-73.787, 18.541],
    elevation: 30,
    impact: 0.8,
  },
];

export interface Base {
  readonly id: string;
  readonly name: string;
  readonly town: string;
  readonly at: Vertex;
  readonly kind: 'warehouse' | 'forward_base';
}

export const bases: readonly Base[] = [
  {
    id: 'wh-pap',
    name: 'Entrepôt Port-au-Prince (aéroport)',
    town: 'port-au-prince',
    at: [-72.293, 18.58],
    kind: 'warehouse',
  },
  {
    id: 'wh-cayes',
    name: 'Entrepôt Les Cayes (aéroport Antoine-Simon)',
    town: 'les-cayes',
    at: [-73.788, 18.271],
    kind: 'warehouse',
  },
  {
    id: 'fb-jeremie',
    name: 'Base avancée Jérémie (aéroport)',
    town: 'jeremie',
    at: [-74.17, 18.663],
    kind: 'forward_base',
  },
  {
    id: 'fb-miragoane',
    name: 'Base avancée Miragoâne (port)',
    town: 'miragoane',
    at: [-73.095, 18.449],
    kind: 'forward_base',
  },
];

export interface RoadEdge {
  readonly from: string;
  readonly to: string;
  readonly road: string;
  /** Speed factor of the road (mountain passes, damaged stretches < 1). */
  readonly pace: number;
  /** Vertices between the two ends (the ends come from the towns or bases). */
  readonly via: readonly Vertex[];
}

/** Roads between towns and bases; every edge can be driven both ways. */
export const roads: readonly RoadEdge[] = [
  {
    from: 'wh-pap',
    to: 'port-au-prince',
    road: 'Boulevard Toussaint Louverture',
    pace: 0.6,
    via: [[-72.31, 18.56]],
  },
  { from: 'port-au-prince', to: 'carrefour', road: 'RN2', pace: 0.6, via: [] },
  { from: 'carrefour', to: 'gressier', road: 'RN2', pace: 0.9, via: [[-72.46, 18.54]] },
  { from: 'gressier', to: 'leogane', road: 'RN2', pace: 1, via: [[-72.58, 18.53]] },
  { from: 'leogane', to: 'grand-goave', road: 'RN2', pace: 1, via: [[-72.7, 18.47]] },
  { from: 'grand-goave', to: 'petit-goave', road: 'RN2', pace: 1, via: [[-72.82, 18.425]] },
  {
    from: 'petit-goave',
    to: 'miragoane',
    road: 'RN2',
    pace: 0.8,
    via: [
      [-72.93, 18.415],
      [-72.99, 18.405],
      [-73.05, 18.425],
    ],
  },
  { from: 'miragoane', to: 'fb-miragoane', road: 'Route du port', pace: 0.5, via: [] },
  {
    from: 'miragoane',
    to: 'fond-des-negres',
    road: 'RN2',
    pace: 0.85,
    via: [
      [-73.12, 18.42],
      [-73.18, 18.39],
    ],
  },
  {
    from: 'fond-des-negres',
    to: 'aquin',
    road: 'RN2',
    pace: 0.85,
    via: [
      [-73.29, 18.34],
      [-73.35, 18.3],
    ],
  },
  { from: 'aquin', to: 'saint-louis-du-sud', road: 'RN2', pace: 1, via: [[-73.47, 18.272]] },
  { from: 'saint-louis-du-sud', to: 'cavaillon', road: 'RN2', pace: 0.95, via: [[-73.6, 18.28]] },
  {
    from: 'cavaillon',
    to: 'les-cayes',
    road: 'RN2',
    pace: 1,
    via: [
      [-73.69, 18.26],
      [-73.72, 18.22],
    ],
  },
  { from: 'les-cayes', to: 'wh-cayes', road: 'Route de l’aéroport', pace: 0.7, via: [[-73.77, 18.235]] },
  { from: 'wh-cayes', to: 'camp-perrin', road: 'RN7', pace: 0.8, via: [[-73.83, 18.29]] },
  {
    from: 'camp-perrin',
    to: 'beaumont',
    road: 'RN7',
    pace: 0.5,
    via: [
      [-73.88, 18.36],
      [-73.9, 18.4],
      [-73.93, 18.44],
    ],
  },
  {
    from: 'beaumont',
    to: 'roseaux',
    road: 'RN7',
    pace: 0.55,
    via: [
      [-73.98, 18.53],
      [-74.0, 18.57],
    ],
  },
  {
    from: 'roseaux',
    to: 'jeremie',
    road: 'RN7',
    pace: 0.8,
    via: [
      [-74.05, 18.62],
      [-74.09, 18.64],
    ],
  },
  { from: 'jeremie', to: 'fb-jeremie', road: 'Route de l’aéroport', pace: 0.6, via: [[-74.14, 18.658]] },
  { from: 'les-cayes', to: 'torbeck', road: 'Route de Port-Salut', pace: 0.85, via: [[-73.78, 18.18]] },
  { from: 'torbeck', to: 'port-salut', road: 'Route de Port-Salut', pace: 0.85, via: [[-73.86, 18.12]] },
  {
    from: 'miragoane',
    to: 'petite-riviere-de-nippes',
    road: 'Route côtière de Nippes',
    pace: 0.7,
    via: [[-73.15, 18.46]],
  },
  {
    from: 'petite-riviere-de-nippes',
    to: 'anse-a-veau',
    road: 'Route côtière de Nippes',
    pace: 0.7,
    via: [[-73.29, 18.49]],
  },
  {
    from: 'anse-a-veau',
    to: 'petit-trou-de-nippes',
    road: 'Route côtière de Nippes',
    pace: 0.6,
    via: [[-73.42, 18.51]],
  },
  {
    from: 'petit-trou-de-nippes',
    to: 'baraderes',
    road: 'Route côtière de Nippes',
    pace: 0.55,
    via: [[-73.58, 18.5]],
  },
  {
    from: 'fond-des-negres',
    to: 'l-asile',
    road: "Route de L'Asile",
    pace: 0.6,
    via: [
      [-73.3, 18.37],
      [-73.36, 18.38],
    ],
  },
  {
    from: 'l-asile',
    to: 'anse-a-veau',
    road: "Route de L'Asile",
    pace: 0.55,
    via: [
      [-73.4, 18.43],
      [-73.37, 18.47],
    ],
  },
  { from: 'roseaux', to: 'corail', road: 'Route de Corail', pace: 0.6, via: [[-73.95, 18.58]] },
  { from: 'corail', to: 'pestel', road: 'Route de Corail', pace: 0.55, via: [[-73.83, 18.55]] },
];

export interface SeaLane {
  readonly id: string;
  readonly name: string;
  readonly path: readonly Vertex[];
}

/** Boat routes, from a harbour to another, through open water. */
export const seaLanes: readonly SeaLane[] = [
  {
    id: 'cayes-ile-a-vache',
    name: 'Les Cayes – Île-à-Vache',
    path: [
      [-73.745, 18.188],
      [-73.72, 18.15],
      [-73.67, 18.1],
      [-73.635, 18.075],
    ],
  },
  {
    id: 'jeremie-dame-marie',
    name: 'Jérémie – Dame-Marie',
    path: [
      [-74.115, 18.656],
      [-74.2, 18.68],
      [-74.32, 18.62],
      [-74.42, 18.565],
    ],
  },
  {
    id: 'miragoane-anse-a-veau',
    name: 'Miragoâne – Anse-à-Veau',
    path: [
      [-73.09, 18.455],
      [-73.2, 18.5],
      [-73.3, 18.52],
      [-73.345, 18.508],
    ],
  },
  {
    id: 'pap-jeremie',
    name: 'Port-au-Prince – Jérémie (cabotage)',
    path: [
      [-72.355, 18.555],
      [-72.55, 18.62],
      [-72.85, 18.55],
      [-73.1, 18.55],
      [-73.5, 18.6],
      [-73.85, 18.63],
      [-74.115, 18.656],
    ],
  },
  {
    id: 'cayes-port-salut',
    name: 'Les Cayes – Port-Salut',
    path: [
      [-73.745, 18.188],
      [-73.82, 18.13],
      [-73.9, 18.07],
      [-73.917, 18.075],
    ],
  },
];

export interface River {
  readonly id: string;
  readonly name: string;
  /** From upstream to the mouth. */
  readonly course: readonly Vertex[];
  /** Typical stage at the gauges, metres. */
  readonly baseLevel: number;
  /** How strongly the stage answers rain, metres at the storm peak. */
  readonly response: number;
}

export const rivers: readonly River[] = [
  {
    id: 'ravine-du-sud',
    name: 'Ravine du Sud',
    course: [
      [-73.862, 18.31],
      [-73.8, 18.26],
      [-73.76, 18.22],
      [-73.735, 18.2],
    ],
    baseLevel: 0.9,
    response: 1.4,
  },
  {
    id: 'grande-anse',
    name: "Rivière de la Grand'Anse",
    course: [
      [-73.98, 18.5],
      [-74.03, 18.57],
      [-74.07, 18.62],
      [-74.09, 18.64],
    ],
    baseLevel: 1.2,
    response: 1.8,
  },
  {
    id: 'cavaillon',
    name: 'Rivière de Cavaillon',
    course: [
      [-73.66, 18.38],
      [-73.655, 18.33],
      [-73.65, 18.29],
      [-73.64, 18.25],
    ],
    baseLevel: 0.7,
    response: 1.1,
  },
  {
    id: 'acul',
    name: "Rivière de l'Acul",
    course: [
      [-73.83, 18.24],
      [-73.82, 18.19],
      [-73.81, 18.168],
    ],
    baseLevel: 0.5,
    response: 0.8,
  },
  {
    id: 'momance',
    name: 'Rivière Momance',
    course: [
      [-72.58, 18.43],
      [-72.6, 18.47],
      [-72.62, 18.51],
    ],
    baseLevel: 0.8,
    response: 1.2,
  },
  {
    id: 'froide',
    name: 'Rivière Froide',
    course: [
      [-72.42, 18.48],
      [-72.41, 18.52],
    ],
    baseLevel: 0.4,
    response: 0.7,
  },
  {
    id: 'baraderes',
    name: 'Rivière de Baradères',
    course: [
      [-73.62, 18.43],
      [-73.63, 18.46],
      [-73.639, 18.478],
    ],
    baseLevel: 0.6,
    response: 0.9,
  },
  {
    id: 'l-asile',
    name: "Rivière de L'Asile",
    course: [
      [-73.44, 18.35],
      [-73.43, 18.37],
      [-73.417, 18.385],
    ],
    baseLevel: 0.5,
    response: 0.9,
  },
];

/** The towns and bases as graph nodes, by id. */
export function nodePositions(): Map<string, Vertex> {
  const nodes = new Map<string, Vertex>();
  for (const town of towns) nodes.set(town.id, town.at);
  for (const base of bases) nodes.set(base.id, base.at);
  return nodes;
}

export function townById(id: string): Town {
  const town = towns.find((t) => t.id === id);
  if (town === undefined) throw new RangeError(`no town ${id}`);
  return town;
}
