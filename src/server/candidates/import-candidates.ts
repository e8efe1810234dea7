// Candidate list import: read the file, validate every row, and either report (dry run) or
// store every row in one transaction. A list with any invalid row stores nothing.
import { createHash } from 'node:crypto';

import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { ChipStatus, Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { matchHeader } from './columns.js';
import { classKey, type RowIssue, type UnitSnapshot, validateRows } from './row-validation.js';
import { readCandidateFile } from './spreadsheet.js';
import { upsertCandidates } from './store.js';

/** Largest list accepted in one import. */
export const MAX_IMPORT_ROWS = 50_000;

export interface ImportRequest {
  unitId: string;
  fileName: string;
  bytes: Uint8Array;
  dryRun: boolean;
  actorUserId: string | null;
}

export interface CandidateWithoutChip {
  row: number;
  fullName: string;
  idNumber: string | null;
  legacyIdNumber: string | null;
  chipStatus: ChipStatus;
}

export interface ImportReport {
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  dryRun: boolean;
  /** True when the rows were stored. */
  committed: boolean;
  importId: string | null;
  rowCount: number;
  validRows: number;
  invalidRows: number;
  /** Rows that create a candidate and rows that update one (expected counts in a dry run). */
  created: number;
  updated: number;
  errors: RowIssue[];
  warnings: RowIssue[];
  withoutChipCard: CandidateWithoutChip[];
}

async function loadUnitSnapshot(db: Kysely<Database>, unitId: string): Promise<UnitSnapshot & { matchKeys: Set<string> }> {
  const classes = await db.selectFrom('classes').select(['id', 'code', 'name']).where('unit_id', '=', unitId).execute();
  const candidates = await db
    .selectFrom('candidates')
    .select(['match_key', 'id_number', 'legacy_id_number', 'full_name', 'full_name_display', 'birth_date'])
    .where('unit_id', '=', unitId)
    .execute();
  const classIdByKey = new Map<string, string>();

  for (const row of classes) {
    classIdByKey.set(classKey(row.name), row.id);
    classIdByKey.set(classKey(row.code), row.id);
  }

  const candidatesByNumber: UnitSnapshot['candidatesByNumber'] = new Map();

  for (const row of candidates) {
    const summary = { fullName: row.full_name, fullNameDisplay: row.full_name_display, birthDate: row.birth_date };
    if (row.id_number !== null) candidatesByNumber.set(row.id_number, summary);
    if (row.legacy_id_number !== null) candidatesByNumber.set(row.legacy_id_number, summary);
  }

  return { classIdByKey, candidatesByNumber, matchKeys: new Set(candidates.map((row) => row.match_key)) };
}

/** Validates a candidate list and, unless it is a dry run or a row is invalid, stores it. */
export async function importCandidates(db: Kysely<Database>, request: ImportRequest): Promise<ImportReport> {
  const sheet = await readCandidateFile(request.fileName, request.bytes);
  const header = matchHeader(sheet);
  const dataRowCount = sheet.rows.filter((row) => row.rowNumber > header.rowNumber).length;

  if (dataRowCount > MAX_IMPORT_ROWS) {
    throw new ApiError('IMPORT_TOO_MANY_ROWS', { rows: dataRowCount, maxRows: MAX_IMPORT_ROWS });
  }

  const unit = await loadUnitSnapshot(db, request.unitId);
  const rows = validateRows(sheet, header, unit);
  const records = rows.flatMap((row) => (row.record === null ? [] : [row.record]));
  const invalidRows = rows.filter((row) => row.errors.length > 0).length;
  const expectedUpdates = records.filter((record) => unit.matchKeys.has(record.matchKey)).length;

  const report: ImportReport = {
    fileName: request.fileName,
    format: sheet.format,
    encoding: sheet.encoding,
    dryRun: request.dryRun,
    committed: false,
    importId: null,
    rowCount: rows.length,
    validRows: rows.length - invalidRows,
    invalidRows,
    created: records.length - expectedUpdates,
    updated: expectedUpdates,
    errors: rows.flatMap((row) => row.errors),
    warnings: rows.flatMap((row) => row.warnings),
    withoutChipCard: rows.flatMap((row) =>
      row.record === null || row.record.chipStatus === 'chipped'
        ? []
        : [{ row: row.row, fullName: row.record.fullNameDisplay, idNumber: row.record.idNumber, legacyIdNumber: row.record.legacyIdNumber, chipStatus: row.record.chipStatus }],
    ),
  };

  if (request.dryRun || invalidRows > 0) {
    return report;
  }

  const importId = newId();
  const fileSha256 = createHash('sha256').update(request.bytes).digest('hex');

  const counts = await db.transaction().execute(async (trx) => {
    const result = await upsertCandidates(trx, request.unitId, records);

    await trx
      .insertInto('candidate_imports')
      .values({
        id: importId,
        unit_id: request.unitId,
        user_id: request.actorUserId,
        file_name: request.fileName,
        file_sha256: fileSha256,
        row_count: rows.length,
        created_count: result.created,
        updated_count: result.updated,
        created_at: nowIso(),
      })
      .execute();
    await appendAudit(trx, {
      action: 'candidates.import',
      actorUserId: request.actorUserId,
      unitId: request.unitId,
      subjectType: 'candidate_import',
      subjectId: importId,
      details: { fileSha256, rows: rows.length, created: result.created, updated: result.updated, withoutChipCard: report.withoutChipCard.length },
    });

    return result;
  });

  return { ...report, committed: true, importId, created: counts.created, updated: counts.updated };
}
