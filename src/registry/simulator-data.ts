// Records of the registry simulator and the rules it uses to compare a request with them.
// The data file contains test identities only (see samples/registry/).
import { readFile } from 'node:fs/promises';

import { validateIdNumber } from '../chip/idnumber/index.js';
import { RegistryError } from './errors.js';
import type { RegistryField, RegistrySex } from './types.js';
import { isIsoDate, type WireOutcome, type WireRequest } from './wire.js';

export const SIMULATOR_DATA_FORMAT = 'examgate-registry-sim/1';

/** One person in the simulated national population database. */
export interface SimulatorRecord {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: RegistrySex;
  /** `revoked`: the card or identity is no longer valid, so every check returns `revoked`. */
  status: 'active' | 'revoked';
  /** SHA-256 of the EF.SOD of the card on record; when set, a request's sodHash must equal it. */
  sodHash?: string;
}

export interface SimulatorDataFile {
  format: typeof SIMULATOR_DATA_FORMAT;
  records: SimulatorRecord[];
}

/** Checks a parsed data file and returns its records, or throws naming the invalid record. */
export function parseSimulatorData(data: unknown, source: string): SimulatorRecord[] {
  const file = data as Partial<SimulatorDataFile> | null;

  if (typeof file !== 'object' || file === null || file.format !== SIMULATOR_DATA_FORMAT || !Array.isArray(file.records)) {
    throw new RegistryError('REGISTRY_BAD_DATA_FILE', `${source} is not a registry simulator data file: expected a JSON object with "format": "${SIMULATOR_DATA_FORMAT}" and a "records" array.`);
  }

  const seen = new Set<string>();

  file.records.forEach((record, index) => {
    const problem = findRecordProblem(record);

    if (problem !== null) {
      throw new RegistryError('REGISTRY_BAD_DATA_FILE', `${source}: record ${index} is invalid: ${problem}.`);
    }

    if (seen.has(record.idNumber)) {
      throw new RegistryError('REGISTRY_BAD_DATA_FILE', `${source}: record ${index} repeats the idNumber of an earlier record; each person appears once.`);
    }

    seen.add(record.idNumber);
  });

  return file.records;
}

function findRecordProblem(record: SimulatorRecord): string | null {
  if (typeof record !== 'object' || record === null) {
    return 'it is not an object';
  }

  if (typeof record.idNumber !== 'string' || !/^\d{12}$/.test(record.idNumber)) {
    return 'idNumber must be 12 digits';
  }

  if (typeof record.fullName !== 'string' || record.fullName.trim() === '' || record.fullName.normalize('NFC') !== record.fullName) {
    return 'fullName must be a non-empty NFC string';
  }

  if (typeof record.birthDate !== 'string' || !isIsoDate(record.birthDate)) {
    return 'birthDate must be YYYY-MM-DD';
  }

  if (record.sex !== 'M' && record.sex !== 'F') {
    return 'sex must be M or F';
  }

  const idReport = validateIdNumber(record.idNumber, { birthDate: record.birthDate, sex: record.sex });

  if (!idReport.valid) {
    return `idNumber breaks the ID number rules: ${idReport.problems.map((problem) => problem.message).join('; ')}`;
  }

  if (record.status !== 'active' && record.status !== 'revoked') {
    return 'status must be active or revoked';
  }

  if (record.sodHash !== undefined && !/^[0-9a-f]{64}$/.test(record.sodHash)) {
    return 'sodHash must be 64 lowercase hex digits';
  }

  return null;
}

/** Reads and checks a data file. */
export async function loadSimulatorData(path: string): Promise<SimulatorRecord[]> {
  let text: string;

  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RegistryError('REGISTRY_BAD_DATA_FILE', `Cannot read the simulator data file ${path}; check the --data path.`, { cause: error });
  }

  try {
    return parseSimulatorData(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof RegistryError) {
      throw error;
    }

    throw new RegistryError('REGISTRY_BAD_DATA_FILE', `${path} is not valid JSON; regenerate it or fix the syntax.`, { cause: error });
  }
}

/**
 * Normalises a name for comparison: NFC, surrounding and repeated spaces removed, capitals
 * under Vietnamese rules. Diacritics stay, so "Lê" and "Le" differ.
 */
function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
}

/** Decides the outcome for a request against the records, keyed by idNumber. */
export function decideOutcome(records: ReadonlyMap<string, SimulatorRecord>, request: WireRequest): { outcome: WireOutcome; mismatchedFields: RegistryField[] } {
  const record = records.get(request.idNumber);

  if (record === undefined) {
    return { outcome: 'not_found', mismatchedFields: [] };
  }

  if (record.status === 'revoked') {
    return { outcome: 'revoked', mismatchedFields: [] };
  }

  const mismatchedFields: RegistryField[] = [];

  if (normaliseName(record.fullName) !== normaliseName(request.fullName)) {
    mismatchedFields.push('fullName');
  }

  if (record.birthDate !== request.birthDate) {
    mismatchedFields.push('birthDate');
  }

  if (request.sex !== undefined && request.sex !== record.sex) {
    mismatchedFields.push('sex');
  }

  if (record.sodHash !== undefined && request.document?.sodHash !== undefined && request.document.sodHash !== record.sodHash) {
    mismatchedFields.push('document');
  }

  return { outcome: mismatchedFields.length === 0 ? 'match' : 'mismatch', mismatchedFields };
}
