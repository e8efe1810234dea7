export { chipAuthenticationSuite } from './oids.js';
export type { ChipAuthenticationSuite } from './oids.js';
export { readChipAuthenticationKey, deriveChipAuthenticationKeys } from './keys.js';
export type { ChipStaticKey } from './keys.js';
export { performChipAuthentication, mseSetAtChipAuthenticationCommand } from './perform.js';
export type { ChipAuthenticationOptions, ChipAuthenticationResult } from './perform.js';
export { answerChipAuthentication, answerChipAuthenticationDh, terminalKeyFromCommandData } from './chip.js';
export { readDhChipAuthenticationKey, validateDhPublicValue, randomDhPrivateKey, encodeDhValue } from './dh-key.js';
export type { DhDomain, DhStaticKey } from './dh-key.js';
