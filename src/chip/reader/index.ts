export { FILE_IDS, EMRTD_AID } from './file-ids.js';
export { readFile, DEFAULT_READ_LENGTH, MAX_FILE_BYTES } from './read-file.js';
export type { ReadFileOptions, ReadFileOutcome } from './read-file.js';
export { extractPaceInfos } from './pace-info.js';
export type { PaceInfoEntry } from './pace-info.js';
export { DEFAULT_FILES, EXTENDED_READ_LENGTH } from './read-context.js';
export type { ReadCardOptions, ReadStepStatus, StepOutcome } from './read-context.js';
export { readCard, planCardRead, ReadCardError } from './read-card.js';
export type { ReadCardResult, ReadStep, ReadStepReport } from './read-card.js';
