/**
 * The whole schema as one object, for typing the drizzle instance. Tables are defined by group in
 * `schema/*.ts` (which drizzle-kit reads to generate migrations); import tables from there.
 */
import * as access from './schema/access';
import * as incidents from './schema/incidents';
import * as logistics from './schema/logistics';
import * as observations from './schema/observations';
import * as sources from './schema/sources';
import * as stream from './schema/stream';
import * as tracking from './schema/tracking';
import * as zones from './schema/zones';

export const schema = {
  ...access,
  ...incidents,
  ...logistics,
  ...observations,
  ...sources,
  ...stream,
  ...tracking,
  ...zones,
};

export type Schema = typeof schema;
