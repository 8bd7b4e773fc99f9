/**
 * A GeoJSON checker for tests, after RFC 7946: the object types and their required members, positions
 * of two or three numbers within WGS 84 bounds, LineStrings of two or more positions, closed linear
 * rings of four or more, no `crs` member (section 4), `bbox` of 2×n numbers, Feature `id` a string or
 * a number, `properties` an object or null. Returns the problems found, by JSON path (empty: valid).
 */
type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPosition(value: Json, path: string, out: string[]): void {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    out.push(`${path}: a position is an array of 2 or 3 numbers`);
    return;
  }
  if (!value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    out.push(`${path}: position members must be finite numbers`);
    return;
  }
  const [lon, lat] = value as number[];
  if (lon === undefined || lat === undefined || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    out.push(`${path}: longitude or latitude out of range`);
  }
}

function checkPositions(value: Json, path: string, min: number, out: string[]): void {
  if (!Array.isArray(value) || value.length < min) {
    out.push(`${path}: expected an array of at least ${min} positions`);
    return;
  }
  value.forEach((p, i) => checkPosition(p, `${path}[${i}]`, out));
}

function checkRing(value: Json, path: string, out: string[]): void {
  checkPositions(value, path, 4, out);
  if (Array.isArray(value) && value.length >= 4) {
    const first = JSON.stringify(value[0]);
    const last = JSON.stringify(value[value.length - 1]);
    if (first !== last) out.push(`${path}: a linear ring must be closed`);
  }
}

function checkBbox(value: Json, path: string, out: string[]): void {
  if (value === undefined) return;
  if (
    !Array.isArray(value) ||
    value.length < 4 ||
    value.length % 2 !== 0 ||
    !value.every((n) => typeof n === 'number')
  ) {
    out.push(`${path}: bbox must hold 2×n numbers`);
  }
}

const GEOMETRY_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
];

function checkGeometry(value: Json, path: string, out: string[]): void {
  if (!isObject(value) || typeof value.type !== 'string' || !GEOMETRY_TYPES.includes(value.type)) {
    out.push(`${path}: not a GeoJSON geometry`);
    return;
  }
  if ('crs' in value) out.push(`${path}: crs is not allowed`);
  checkBbox(value.bbox, `${path}.bbox`, out);
  const c = value.coordinates;
  const at = `${path}.coordinates`;
  switch (value.type) {
    case 'Point':
      return checkPosition(c, at, out);
    case 'MultiPoint':
      return checkPositions(c, at, 0, out);
    case 'LineString':
      return checkPositions(c, at, 2, out);
    case 'MultiLineString':
      if (!Array.isArray(c)) return void out.push(`${at}: expected an array`);
      return c.forEach((l, i) => checkPositions(l, `${at}[${i}]`, 2, out));
    case 'Polygon':
      if (!Array.isArray(c)) return void out.push(`${at}: expected an array of rings`);
      return c.forEach((r, i) => checkRing(r, `${at}[${i}]`, out));
    case 'MultiPolygon':
      if (!Array.isArray(c)) return void out.push(`${at}: expected an array of polygons`);
      return c.forEach((poly, i) =>
        Array.isArray(poly)
          ? poly.forEach((r, j) => checkRing(r, `${at}[${i}][${j}]`, out))
          : out.push(`${at}[${i}]: expected an array of rings`),
      );
    case 'GeometryCollection':
      if (!Array.isArray(value.geometries)) return void out.push(`${path}.geometries: expected an array`);
      return value.geometries.forEach((g, i) => checkGeometry(g, `${path}.geometries[${i}]`, out));
  }
}

function checkFeature(value: Json, path: string, out: string[]): void {
  if (!isObject(value) || value.type !== 'Feature') {
    out.push(`${path}: not a Feature`);
    return;
  }
  if (!('geometry' in value)) out.push(`${path}.geometry: required (null when unlocated)`);
  else if (value.geometry !== null) checkGeometry(value.geometry, `${path}.geometry`, out);
  if (!('properties' in value)) out.push(`${path}.properties: required (null when none)`);
  else if (value.properties !== null && !isObject(value.properties))
    out.push(`${path}.properties: must be an object or null`);
  if ('id' in value && typeof value.id !== 'string' && typeof value.id !== 'number') {
    out.push(`${path}.id: must be a string or a number`);
  }
  if ('crs' in value) out.push(`${path}: crs is not allowed`);
  checkBbox(value.bbox, `${path}.bbox`, out);
}

export function checkGeoJson(value: Json): string[] {
  const out: string[] = [];
  if (!isObject(value)) return ['$: not an object'];
  if (value.type === 'FeatureCollection') {
    if ('crs' in value) out.push('$: crs is not allowed');
    checkBbox(value.bbox, '$.bbox', out);
    if (!Array.isArray(value.features)) out.push('$.features: required array');
    else value.features.forEach((f, i) => checkFeature(f, `$.features[${i}]`, out));
  } else if (value.type === 'Feature') checkFeature(value, '$', out);
  else checkGeometry(value, '$', out);
  return out;
}
