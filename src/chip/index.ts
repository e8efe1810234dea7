// Public API of the chip library (described in README.md beside this file). Import from here
// outside src/chip.
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

// LDS files, passive authentication and the server-side verification of a dump.
export { parseEfCom } from './lds/ef-com.js';
export type { EfCom } from './lds/ef-com.js';
export { parseDg1 } from './lds/dg1.js';
export type { Dg1 } from './lds/dg1.js';
export { parseDg2 } from './lds/dg2.js';
export type { Dg2, FaceImage, FaceImageFormat } from './lds/dg2.js';
export { faceImageForBrowser } from './lds/face-image.js';
export type { BrowserImage } from './lds/face-image.js';
export { parseDg13 } from './lds/dg13.js';
export type { Dg13, Dg13Date, Dg13Expiry, Dg13RawField } from './lds/dg13.js';
export { parseCardAccess, parseDg14 } from './lds/dg14.js';
export type { SecurityInfo } from './lds/security-infos.js';
export { parseDg15, loadDg15PublicKey } from './lds/dg15.js';
export type { Dg15 } from './lds/dg15.js';
export { parseSod } from './lds/sod.js';
export type { Sod, LdsSecurityObject } from './lds/sod.js';
export { TrustStore } from './pa/trust-store.js';
export type { TrustSource, ChainResult } from './pa/trust-store.js';
export { loadTrustDirectory } from './pa/trust-directory.js';
export { parseMasterList } from './pa/master-list.js';
export { passiveAuthentication } from './pa/passive-authentication.js';
export type { PassiveAuthenticationOptions, PassiveAuthenticationResult } from './pa/passive-authentication.js';
export type { VerificationCheck, CheckKind, CheckStatus, Threat, CertificateSummary } from './pa/report.js';
export { verifyCardDump } from './verify.js';
export type { CardVerificationOptions, CardVerificationReport, PersonData } from './verify.js';
export { cardVerificationReportToJson } from './verify-json.js';
export type { CardVerificationReportJson } from './verify-json.js';
