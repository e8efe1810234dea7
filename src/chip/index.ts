// Public API of the chip library. Import from here outside src/chip.
export * from './errors.js';
export * from './codec/bytes.js';
export * from './codec/tlv.js';
export * from './dump.js';
export * from './idnumber/index.js';
export * from './mrz/index.js';
export * from './iso7816/index.js';
export * from './crypto/index.js';
export * from './bac/index.js';
export * from './sm/index.js';
export * from './pace/index.js';
export * from './reader/index.js';
export * from './aa/index.js';
export * from './ca/index.js';
export { ApduTrace } from './trace.js';
export type { ApduTraceEntry } from './trace.js';
export type { ChipLogger } from './logger.js';
