export { chipAuthenticationSuite } from './oids.js';
export type { ChipAuthenticationSuite } from './oids.js';
export { readChipAuthenticationKey, deriveChipAuthenticationKeys } from './keys.js';
export type { ChipStaticKey } from './keys.js';
export { performChipAuthentication, mseSetAtChipAuthenticationCommand } from './perform.js';
export type { ChipAuthenticationOptions, ChipAuthenticationResult } from './perform.js';
export { answerChipAuthentication, terminalKeyFromCommandData } from './chip.js';
