// What a report, an observation, an alert or an incident is about: hazards and needs in one vocabulary.
import { z } from 'zod';

export const ZCategory = z.enum([
  // hazards
  'flood',
  'storm',
  'earthquake',
  'tsunami',
  'landslide',
  'volcano',
  'wildfire',
  'fire',
  'drought',
  'epidemic',
  'conflict',
  'accident',
  // damage and needs
  'infrastructure',
  'access',
  'medical',
  'shelter',
  'food',
  'water',
  'missing_person',
  'security',
  'other',
]);
export type TCategory = z.infer<typeof ZCategory>;
