// Step 1: import the shipped candidate list. A dry run lists every row problem; the demo then
// applies what has exactly one fix (an ID number whose leading zeros Excel dropped gets the
// proposed number back), drops a row pasted twice, imports, and reports the rest. Names in NFD
// are stored in NFC by the import itself.
import { readFile } from 'node:fs/promises';

import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';

import { matchHeader } from '../server/candidates/columns.js';
import { importCandidates, type ImportReport } from '../server/candidates/import-candidates.js';
import { readCandidateFile } from '../server/candidates/spreadsheet.js';
import type { Database } from '../server/db/schema.js';

export const SAMPLE_CANDIDATE_LIST = new URL('../../samples/candidates/danh-sach-40-thi-sinh.xlsx', import.meta.url);

export interface CandidateImportSummary {
  rows: number;
  imported: number;
  idNumbersCorrected: number;
  namesNormalised: number;
  duplicateRowsDropped: number;
  withoutChipCard: number;
  /** Problems left for the unit: row, code and the Vietnamese and English message. */
  reported: { row: number; code: string; vi: string; en: string }[];
}

/** Returns the list with the proposed fixes applied and the duplicate rows removed. */
async function applyFixes(bytes: Uint8Array, report: ImportReport): Promise<{ bytes: Uint8Array; corrected: number; dropped: number[] }> {
  const header = matchHeader(await readCandidateFile('list.xlsx', bytes));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];

  if (sheet === undefined) {
    throw new Error('the candidate list has no worksheet');
  }

  let corrected = 0;

  for (const error of report.errors) {
    if (error.code !== 'ROW_ID_NUMBER_LOST_ZEROS' || error.suggestion === undefined || error.column === null) continue;

    const column = header.columns[error.column];
    if (column === undefined) continue;

    // A text cell keeps the zeros this time.
    sheet.getRow(error.row).getCell(column + 1).value = error.suggestion;
    corrected += 1;
  }

  const dropped = [...new Set(report.errors.filter((error) => error.code === 'ROW_DUPLICATE_IN_FILE').map((error) => error.row))].sort((a, b) => b - a);

  for (const row of dropped) {
    sheet.spliceRows(row, 1);
  }

  return { bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), corrected, dropped };
}

export async function importCandidateList(db: Kysely<Database>, unitId: string, path: URL | string = SAMPLE_CANDIDATE_LIST): Promise<CandidateImportSummary> {
  const original = new Uint8Array(await readFile(path));
  const fileName = 'danh-sach-40-thi-sinh.xlsx';
  const dryRun = await importCandidates(db, { unitId, fileName, bytes: original, dryRun: true, actorUserId: null });
  const fixed = await applyFixes(original, dryRun);
  const stored = await importCandidates(db, { unitId, fileName, bytes: fixed.bytes, dryRun: false, actorUserId: null });

  if (!stored.committed) {
    const first = stored.errors[0];
    throw new Error(`the corrected candidate list still has ${stored.errors.length} row errors (first: row ${first?.row}, ${first?.code}); nothing was imported`);
  }

  const duplicates = dryRun.errors.filter((error) => error.code === 'ROW_DUPLICATE_IN_FILE');
  return {
    rows: dryRun.rowCount,
    imported: stored.created + stored.updated,
    idNumbersCorrected: fixed.corrected,
    namesNormalised: stored.warnings.filter((warning) => warning.code === 'ROW_NAME_NORMALISED').length,
    duplicateRowsDropped: fixed.dropped.length,
    withoutChipCard: stored.withoutChipCard.length,
    reported: [
      ...duplicates.map((error) => ({ row: error.row, code: error.code, vi: error.message.vi, en: error.message.en })),
      ...stored.warnings.filter((warning) => warning.code === 'ROW_CHIP_CARD_MISSING').map((warning) => ({ row: warning.row, code: warning.code, vi: warning.message.vi, en: warning.message.en })),
    ],
  };
}
