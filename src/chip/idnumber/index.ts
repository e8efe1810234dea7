export { decodeIdNumber, centuryDigitFor, canFromIdNumber, documentNumberFromIdNumber, isTwelveDigits } from './id-number.js';
export type { IdNumberParts, Sex } from './id-number.js';
export { validateIdNumber } from './validate.js';
export type { IdNumberReport, IdNumberProblem, IdNumberHolder } from './validate.js';
export { createIdNumberGenerator } from './generate.js';
export type { GeneratedIdentity, IdNumberGenerator, IdNumberGeneratorOptions } from './generate.js';
export { findProvince, PROVINCE_CODES } from './provinces.js';
export type { Province } from './provinces.js';
