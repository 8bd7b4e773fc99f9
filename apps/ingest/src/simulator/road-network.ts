/**
 * The road graph of a scenario: one polyline per road edge, and routes between any two nodes (fastest
 * path by length / pace, Dijkstra over a few dozen nodes) as one polyline with the pace of each stretch.
 */
import { joinPolylines, makePolyline, reversePolyline } from './polyline';
import type { Polyline, Vertex } from './polyline';

export interface RoadSpec {
  readonly from: string;
  readonly to: string;
  readonly road: string;
  readonly pace: number;
  readonly via: readonly Vertex[];
}

export interface RouteStretch {
  /** Distance from the route start where this stretch begins, metres. */
  readonly start: number;
  readonly end: number;
  readonly pace: number;
  readonly road: string;
}

export interface Route {
  readonly from: string;
  readonly to: string;
  readonly path: Polyline;
  readonly stretches: readonly RouteStretch[];
}

interface Edge {
  readonly to: string;
  readonly path: Polyline;
  readonly pace: number;
  readonly road: string;
}

export interface RoadNetwork {
  readonly nodes: ReadonlyMap<string, Vertex>;
  /** Roads leaving a node. */
  edgesFrom(node: string): readonly { to: string; path: Polyline; pace: number; road: string }[];
  /** Fastest route between two nodes; throws when they are not connected. */
  route(from: string, to: string): Route;
  /** Every road edge once (for placing things along roads). */
  readonly edges: readonly { from: string; to: string; path: Polyline; pace: number; road: string }[];
}

export function buildRoadNetwork(
  nodes: ReadonlyMap<string, Vertex>,
  specs: readonly RoadSpec[],
): RoadNetwork {
  const adjacency = new Map<string, Edge[]>();
  const edges: { from: string; to: string; path: Polyline; pace: number; road: string }[] = [];
  const add = (from: string, edge: Edge) => {
    let list = adjacency.get(from);
    if (list === undefined) adjacency.set(from, (list = []));
    list.push(edge);
  };
  for (const spec of specs) {
    const a = nodes.get(spec.from);
    const b = nodes.get(spec.to);
    if (a === undefined || b === undefined)
      throw new RangeError(`road ${spec.from} – ${spec.to}: unknown node`);
    const path = makePolyline([a, ...spec.via, b]);
    add(spec.from, { to: spec.to, path, pace: spec.pace, road: spec.road });
    add(spec.to, { to: spec.from, path: reversePolyline(path), pace: spec.pace, road: spec.road });
    edges.push({ from: spec.from, to: spec.to, path, pace: spec.pace, road: spec.road });
  }
  const cache = new Map<string, Route>();

  function route(from: string, to: string): Route {
    const cacheKey = `${from}>${to}`;
    const hit = cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const cost = new Map<string, number>([[from, 0]]);
    const previous = new Map<string, { node: string; edge: Edge }>();
    const done = new Set<string>();
    for (;;) {
      let current: string | undefined;
      let best = Infinity;
      for (const [node, c] of cost) {
        if (!done.has(node) && c < best) {
          best = c;
          current = node;
        }
      }
      if (current === undefined) throw new RangeError(`no road from ${from} to ${to}`);
      if (current === to) break;
      done.add(current);
      for (const edge of adjacency.get(current) ?? []) {
        const c = best + edge.path.length / edge.pace;
        if (c < (cost.get(edge.to) ?? Infinity)) {
          cost.set(edge.to, c);
          previous.set(edge.to, { node: current, edge });
        }
      }
    }
    const legs: Edge[] = [];
    for (let node = to; node !== from;) {
      const step = previous.get(node)!;
      legs.unshift(step.edge);
      node = step.node;
    }
    const stretches: RouteStretch[] = [];
    let offset = 0;
    for (const leg of legs) {
      stretches.push({ start: offset, end: offset + leg.path.length, pace: leg.pace, road: leg.road });
      offset += leg.path.length;
    }
    const path =
      legs.length === 0 ? makePolyline([nodes.get(from)!]) : joinPolylines(legs.map((l) => l.path));
    const result: Route = { from, to, path, stretches };
    cache.set(cacheKey, result);
    return result;
  }

  return { nodes, edgesFrom: (node) => adjacency.get(node) ?? [], route, edges };
}
