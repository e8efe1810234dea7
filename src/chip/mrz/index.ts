export { computeCheckDigit, withCheckDigit } from './check-digit.js';
export { parseMrz } from './parse.js';
export type { MrzResult, MrzProblem, MrzCheckDigit, MrzCheckedField, ParseMrzOptions } from './parse.js';
export type { MrzRepair } from './repair.js';
export type { MrzFormat } from './layout.js';
export { mrzInformation, mrzInformationFromIdNumber } from './mrz-information.js';
export type { MrzInformationInput } from './mrz-information.js';
export { NO_EXPIRY, birthDateFromMrz, expiryDateFromMrz, toMrzDate } from './dates.js';
