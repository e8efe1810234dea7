import { readFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { fromHex } from '../../chip/codec/bytes.js';
import { cardDumpFromJson } from '../../chip/dump.js';
import { isChipError } from '../../chip/errors.js';
import { loadTrustDirectory } from '../../chip/pa/trust-directory.js';
import type { VerificationCheck } from '../../chip/pa/report.js';
import { verifyCardDump, type CardVerificationReport } from '../../chip/verify.js';
import { cardVerificationReportToJson } from '../../chip/verify-json.js';
import { CliExit } from '../exit.js';
import { describeFileError } from '../file-errors.js';
import { commandGroup } from './command-group.js';

interface CardVerifyOptions {
  trust: string;
  at?: string;
  nonce?: string;
  aaSignature?: string;
  json?: boolean;
}

/** Adds `examgate card verify DUMP.json --trust DIR [--at DATE] [--nonce HEX --aa-signature HEX] [--json]`. */
export function register(program: Command): void {
  commandGroup(program, 'card', 'Đọc và xác thực chip CCCD / Read and verify the CCCD chip')
    .command('verify')
    .description('Xác thực bản sao dữ liệu chip / Verify a card dump: passive and active authentication')
    .argument('<dump>', 'card dump JSON file (format examgate-card-dump/1)')
    .requiredOption('--trust <dir>', 'folder of trusted CSCA certificates (.pem .cer .der), ICAO master lists (.ml) and CRLs (.crl)')
    .option('--at <date>', 'time at which certificates must be valid (ISO 8601); default now')
    .option('--nonce <hex>', 'active authentication nonce that the verifier chose (hex)')
    .option('--aa-signature <hex>', "chip's active authentication signature over the nonce (hex); default the dump's")
    .option('--json', 'print the report as one JSON object')
    .action(async (dumpPath: string, options: CardVerifyOptions) => {
      await runCardVerify(dumpPath, options);
    });
}

async function runCardVerify(dumpPath: string, options: CardVerifyOptions): Promise<void> {
  const at = options.at === undefined ? new Date() : new Date(options.at);

  if (Number.isNaN(at.getTime())) {
    return fail(`--at "${options.at}" is not a date; use ISO 8601, e.g. 2026-06-01 or 2026-06-01T08:00:00Z`);
  }

  if (options.aaSignature !== undefined && options.nonce === undefined) {
    return fail('--aa-signature needs --nonce: the signature is only meaningful for the nonce the verifier chose');
  }

  let report: CardVerificationReport;

  try {
    const dump = cardDumpFromJson(JSON.parse(await readFile(dumpPath, 'utf8')) as unknown);
    const trustStore = await loadTrustDirectory(options.trust);
    const activeAuthentication = options.nonce === undefined ? undefined : {
      nonce: fromHex(options.nonce),
      ...(options.aaSignature === undefined ? {} : { signature: fromHex(options.aaSignature) }),
    };

    report = await verifyCardDump(dump, { trustStore, at, ...(activeAuthentication === undefined ? {} : { activeAuthentication }) });
  } catch (error) {
    if (error instanceof SyntaxError) {
      return fail(`${dumpPath} is not valid JSON (${error.message}); give a dump written by examgate card read --out`);
    }

    if (isChipError(error) || (error as NodeJS.ErrnoException).code !== undefined) {
      return fail(describeFileError(error) ?? (error as Error).message);
    }

    throw error;
  }

  process.stdout.write(options.json ? `${JSON.stringify(cardVerificationReportToJson(report), null, 2)}\n` : humanReport(report));

  if (!report.passed) {
    throw new CliExit(1);
  }
}

function fail(message: string): never {
  process.stderr.write(`Không xác thực được / Cannot verify: ${message}\n`);
  throw new CliExit(2);
}

const STATUS_LABELS: Readonly<Record<VerificationCheck['status'], string>> = {
  passed: 'ĐẠT / pass   ',
  failed: 'LỖI / FAIL   ',
  skipped: 'BỎ QUA / skip',
};

function humanReport(report: CardVerificationReport): string {
  const lines = [
    `Kết quả / Result: ${report.passed ? 'ĐẠT / PASSED' : 'KHÔNG ĐẠT / FAILED'}`,
    `Thời điểm kiểm tra chứng thư / Certificates checked at: ${report.at}`,
  ];

  const person = report.person;

  if (person !== null) {
    lines.push(`Người mang thẻ / Holder: ${person.fullName ?? '?'}, số / ID ${person.idNumber ?? '?'}, ngày sinh / born ${person.birthDate ?? '?'}, ` +
      `hết hạn / expires ${person.noExpiry ? 'không thời hạn / never' : person.expiryDate ?? '?'}`);
  }

  if (report.documentSigner !== undefined) lines.push(`Chứng thư ký / Document signer: ${report.documentSigner.subject}`);
  if (report.csca !== undefined) lines.push(`CSCA: ${report.csca.subject}`);
  if (report.faceImage !== null) lines.push(`Ảnh / Face image: ${report.faceImage.mimeType}, ${report.faceImage.data.length} bytes`);

  lines.push('Các bước kiểm tra / Checks:');

  for (const check of report.checks) {
    const threat = check.threat === undefined ? '' : ` [${check.threat}]`;
    lines.push(`  ${STATUS_LABELS[check.status]} ${check.id}${threat}: ${check.message}`);
  }

  return `${lines.join('\n')}\n`;
}
