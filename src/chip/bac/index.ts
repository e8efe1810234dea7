export { deriveBacKeys } from './keys.js';
export type { BacKeys } from './keys.js';
export { answerBacChip, buildBacTerminalCryptogram, completeBacTerminal, deriveBacSession } from './authentication.js';
export type { BacSession, BacTerminalSecrets } from './authentication.js';
export { performBac } from './perform.js';
