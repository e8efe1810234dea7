export { FILE_IDS, EMRTD_AID } from './file-ids.js';
export { readFile, DEFAULT_READ_LENGTH, MAX_FILE_BYTES } from './read-file.js';
export type { ReadFileOptions, ReadFileOutcome } from './read-file.js';
export { extractPaceInfos } from './pace-info.js';
export type { PaceInfoEntry } from './pace-info.js';
export { readCard, planCardRead, ReadCardError, DEFAULT_FILES, EXTENDED_READ_LENGTH } from './read-card.js';
export type { ReadCardOptions, ReadCardResult, ReadStepReport, ReadStepStatus } from './read-card.js';
