export { createLineSplitter } from './line-splitter';
export type { LineSplitter } from './line-splitter';
export { KNOT_TO_MPS, nmeaChecksum, nmeaChecksumHex, parseSentence } from './nmea-sentence';
export type { DecodeOutput, PositionFix, Rejection, Sentence, SentenceResult } from './nmea-sentence';
export { createNmeaDecoder, decodeNmeaText, nmeaCoordinate, nmeaDate, nmeaTimeOfDay } from './decode-nmea';
export type { NmeaDecoder, NmeaDecoderOptions } from './decode-nmea';
