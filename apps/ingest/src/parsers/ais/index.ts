export { aisOccurredAt, createAisDecoder, decodeAisText, readAisPosition } from './decode-ais';
export type { AisDecoder, AisPosition } from './decode-ais';
export { dearmor } from './sixbit';
export type { BitField } from './sixbit';
