import type { Command } from 'commander';

import { isChipError } from '../../chip/errors.js';
import { parseMrz, type MrzResult } from '../../chip/mrz/index.js';
import { CliExit } from '../exit.js';

interface MrzOptions {
  json?: boolean;
}

/** JSON printed by `examgate mrz --json`; field names are part of the command's contract. */
export interface MrzJson {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  idNumber: string | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  expiryDate: string | null;
  nationality: string;
  surname: string;
  givenNames: string;
  valid: boolean;
  errors: { code: string; field?: string; message: string }[];
  warnings: { code: string; field?: string; message: string }[];
  repairs: MrzResult['repairs'];
}

/** Adds `examgate mrz LINE1 LINE2 [LINE3] [--json]`. */
export function register(program: Command): void {
  program
    .command('mrz')
    .description('Kiểm tra vùng MRZ của CCCD (TD1) hoặc hộ chiếu (TD3) / Check the MRZ of a CCCD (TD1) or passport (TD3)')
    .argument('<line1>', 'first MRZ line')
    .argument('<line2>', 'second MRZ line')
    .argument('[line3]', 'third MRZ line (TD1 only)')
    .option('--json', 'print one JSON object')
    .action((line1: string, line2: string, line3: string | undefined, options: MrzOptions) => {
      runMrz(line3 === undefined ? [line1, line2] : [line1, line2, line3], options);
    });
}

function runMrz(lines: string[], options: MrzOptions): void {
  let result: MrzResult;

  try {
    result = parseMrz(lines);
  } catch (error) {
    if (!isChipError(error)) throw error;

    if (options.json) {
      process.stdout.write(`${JSON.stringify({ valid: false, errors: [{ code: error.code, message: error.message }] }, null, 2)}\n`);
    } else {
      process.stderr.write(`MRZ không đọc được / MRZ unreadable: ${error.message}\n`);
    }

    throw new CliExit(1);
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  } else {
    process.stdout.write(formatText(result));
  }

  if (!result.valid) {
    throw new CliExit(1);
  }
}

function toJson(result: MrzResult): MrzJson {
  return {
    documentCode: result.documentCode,
    issuingState: result.issuingState,
    documentNumber: result.documentNumber,
    idNumber: result.idNumber,
    birthDate: result.birthDate,
    sex: result.sex,
    expiryDate: result.expiryDate,
    nationality: result.nationality,
    surname: result.surname,
    givenNames: result.givenNames,
    valid: result.valid,
    errors: result.errors,
    warnings: result.warnings,
    repairs: result.repairs,
  };
}

function formatText(result: MrzResult): string {
  const rows: [string, string][] = [
    ['Loại giấy tờ / Document code', result.documentCode],
    ['Nước cấp / Issuing state', result.issuingState],
    ['Số giấy tờ / Document number', result.documentNumber],
    ['Số định danh / ID number', result.idNumber ?? '-'],
    ['Ngày sinh / Birth date', result.birthDate ?? '-'],
    ['Giới tính / Sex', result.sex ?? '-'],
    ['Có giá trị đến / Expiry date', result.expiryDate ?? 'Không thời hạn / no expiry'],
    ['Quốc tịch / Nationality', result.nationality],
    ['Họ / Surname', result.surname],
    ['Tên / Given names', result.givenNames],
    ['Hợp lệ / Valid', result.valid ? 'có / yes' : 'không / no'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);

  for (const error of result.errors) lines.push(`LỖI / ERROR (${error.field ?? error.code}): ${error.message}`);
  for (const warning of result.warnings) lines.push(`CẢNH BÁO / WARNING (${warning.field ?? warning.code}): ${warning.message}`);
  for (const repair of result.repairs) lines.push(`Đã sửa / Repaired line ${repair.line} position ${repair.position}: "${repair.from}" -> "${repair.to}" (${repair.reason})`);

  return `${lines.join('\n')}\n`;
}
