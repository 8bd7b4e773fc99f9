/**
 * The logistics of the southern-Haiti exercise (the simulator's `haiti-south` scenario): the
 * warehouses and forward bases its trucks and 4x4s leave from, plus Jacmel, each with stock of relief
 * kits, and the capacity of the scenario's trucks and 4x4s. Used with `seedLogistics`.
 */
import type { LogisticsSeed, SeedStockLine, SeedVehicle } from './seed-logistics';

/** Item codes and units of the relief items, as the stock is counted. */
export const RELIEF_ITEMS = {
  water: { item: 'WATER-20L', itemName: 'Drinking water, 20 L jerrycan', unit: 'jerrycan' },
  food: { item: 'FOOD-KIT', itemName: 'Family food kit (7 days)', unit: 'kit' },
  medical: { item: 'MED-KIT', itemName: 'First-aid and trauma kit', unit: 'kit' },
  shelter: { item: 'SHELTER-KIT', itemName: 'Emergency shelter kit (tarpaulins, rope, tools)', unit: 'kit' },
  hygiene: { item: 'HYGIENE-KIT', itemName: 'Family hygiene kit', unit: 'kit' },
} as const;

function lines(
  water: number,
  food: number,
  medical: number,
  shelter: number,
  hygiene: number,
): SeedStockLine[] {
  return [
    { ...RELIEF_ITEMS.water, quantity: water },
    { ...RELIEF_ITEMS.food, quantity: food },
    { ...RELIEF_ITEMS.medical, quantity: medical },
    { ...RELIEF_ITEMS.shelter, quantity: shelter },
    { ...RELIEF_ITEMS.hygiene, quantity: hygiene },
  ];
}

const pad = (n: number) => String(n).padStart(3, '0');

const vehicles: SeedVehicle[] = [
  ...Array.from({ length: 70 }, (_, i) => ({
    id: `hti-truck-${pad(i + 1)}`,
    kind: 'vehicle' as const,
    name: `Camion ${pad(i + 1)}`,
    capacity: 400,
    capacityKg: 10_000,
  })),
  ...Array.from({ length: 60 }, (_, i) => ({
    id: `hti-4x4-${pad(i + 1)}`,
    kind: 'vehicle' as const,
    name: `4x4 ${pad(i + 1)}`,
    capacity: 40,
    capacityKg: 800,
  })),
];

export const HAITI_SOUTH_LOGISTICS: LogisticsSeed = {
  warehouses: [
    {
      id: 'wh-pap',
      name: 'Entrepôt Port-au-Prince (aéroport)',
      position: { lon: -72.293, lat: 18.58 },
      region: 'HT',
      stock: lines(6000, 2500, 600, 1200, 2000),
    },
    {
      id: 'wh-cayes',
      name: 'Entrepôt Les Cayes (aéroport Antoine-Simon)',
      position: { lon: -73.788, lat: 18.271 },
      region: 'HT',
      stock: lines(3000, 1200, 300, 800, 1000),
    },
    {
      id: 'fb-jeremie',
      name: 'Base avancée Jérémie (aéroport)',
      position: { lon: -74.17, lat: 18.663 },
      region: 'HT',
      stock: lines(1200, 500, 120, 300, 400),
    },
    {
      id: 'fb-miragoane',
      name: 'Base avancée Miragoâne (port)',
      position: { lon: -73.095, lat: 18.449 },
      region: 'HT',
      stock: lines(800, 300, 80, 200, 300),
    },
    {
      id: 'wh-jacmel',
      name: 'Entrepôt Jacmel',
      position: { lon: -72.535, lat: 18.235 },
      region: 'HT',
      stock: lines(1000, 400, 100, 250, 350),
    },
  ],
  vehicles,
};
