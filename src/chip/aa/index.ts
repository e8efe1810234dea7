export { verifyActiveAuthentication } from './verify.js';
export type { ActiveAuthenticationInput, ActiveAuthenticationReport, ActiveAuthenticationCheck } from './verify.js';
export { signActiveAuthenticationRsa, signActiveAuthenticationEcdsa } from './sign.js';
export { performActiveAuthentication } from './perform.js';
export { ECDSA_PLAIN_OIDS, hashForCurveBits } from './hash.js';
export type { AaHash } from './hash.js';
