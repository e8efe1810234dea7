export * from './oids.js';
export * from './domain-parameters.js';
export * from './password.js';
export * from './ecdh-generic-mapping.js';
export * from './dynamic-data.js';
export { performPace } from './perform.js';
export type { PaceOptions, PaceResult } from './perform.js';
export { PaceChip } from './chip.js';
export type { PaceChipConfig } from './chip.js';
