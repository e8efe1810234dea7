import { extname } from 'node:path';

import { importAiken } from './aiken.js';
import { importDocx } from './docx/import-docx.js';
import { importExcelTemplate } from './excel-template.js';
import { importGift } from './gift.js';
import { type IdSource, type ImportFormat, ImportCollector, type ImportResult } from './import-result.js';
import { importMoodleXml } from './moodle-xml.js';

/** Picks the format from the file name: .docx, .xlsx, .gift, .xml; .txt is Aiken unless it contains GIFT braces. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat | null {
  const extension = extname(fileName).toLowerCase();

  switch (extension) {
    case '.docx':
      return 'docx';
    case '.xlsx':
      return 'xlsx';
    case '.gift':
      return 'gift';
    case '.xml':
      return 'moodle-xml';
    case '.txt':
    case '.aiken':
      return /^\s*ANSWER:/mu.test(Buffer.from(bytes).toString('utf8')) ? 'aiken' : 'gift';
    default:
      return null;
  }
}

/** Reads a question file of any supported format. */
export async function importQuestionFile(fileName: string, bytes: Uint8Array, newId?: IdSource): Promise<ImportResult> {
  const format = detectFormat(fileName, bytes);
  const text = (): string => Buffer.from(bytes).toString('utf8');
  const options = newId === undefined ? {} : { newId };

  switch (format) {
    case 'docx':
      return importDocx(bytes, options);
    case 'xlsx':
      return importExcelTemplate(bytes, options);
    case 'gift':
      return importGift(text(), options);
    case 'aiken':
      return importAiken(text(), options);
    case 'moodle-xml':
      return importMoodleXml(text(), options);
    case null: {
      const collector = new ImportCollector('docx');
      collector.error(
        null,
        `"${fileName}" has an unknown extension; use .docx, .xlsx, .gift, .txt (Aiken or GIFT) or .xml (Moodle XML)`,
        `Tệp "${fileName}" có phần mở rộng không hỗ trợ; hãy dùng .docx, .xlsx, .gift, .txt (Aiken hoặc GIFT) hoặc .xml (Moodle XML)`,
      );
      return { ...collector.result(), errors: collector.errors };
    }
  }
}
