// Shared fixtures of the registry tests: generated test identities and requests built from them.
import type { SimulatorRecord } from '../../../src/registry/simulator-data.js';
import { generateSampleRecords } from '../../../src/registry/sample-identities.js';
import type { RegistryRequest } from '../../../src/registry/types.js';

/** Twenty generated identities; index 4, 9, 14 and 19 are revoked. */
export const RECORDS: SimulatorRecord[] = generateSampleRecords(20);

export function recordAt(index: number): SimulatorRecord {
  const record = RECORDS[index];

  if (record === undefined) {
    throw new Error(`no test record at index ${index}`);
  }

  return record;
}

/** Builds a request that matches record `index`, for candidate `candidateId` of `examEventId`. */
export function requestFor(index: number, examEventId = 'event-1', candidateId = `candidate-${index}`): RegistryRequest {
  const record = recordAt(index);

  return {
    key: { examEventId, candidateId },
    idNumber: record.idNumber,
    fullName: record.fullName,
    birthDate: record.birthDate,
    sex: record.sex,
  };
}

/** A settable clock for circuit breaker and queue tests. */
export class ManualClock {
  constructor(public nowMs = 1_800_000_000_000) {}

  readonly now = (): number => this.nowMs;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}
