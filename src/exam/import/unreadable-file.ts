// The message for a .docx or .xlsx question file that the ZIP or Office library cannot open.
// It names the likely cause in Vietnamese and English and what to do, without the library's own
// text (which is English, and points to the library's website).

export type OfficeFileKind = 'docx' | 'xlsx';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
// Word 97-2003 (.doc) and Excel 97-2003 (.xls) files are OLE compound files.
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const KINDS: Record<OfficeFileKind, { vi: string; en: string; program: string; legacy: string }> = {
  docx: { vi: 'tài liệu Word (.docx)', en: 'a Word document (.docx)', program: 'Word', legacy: 'Word 97-2003 (.doc)' },
  xlsx: { vi: 'bảng tính Excel (.xlsx)', en: 'an Excel workbook (.xlsx)', program: 'Excel', legacy: 'Excel 97-2003 (.xls)' },
};

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** Names the likely cause from the file's first bytes and the library's error, in both languages. */
function causeOf(kind: OfficeFileKind, bytes: Uint8Array, error: unknown): { vi: string; en: string } {
  const legacy = KINDS[kind].legacy;
  const detail = error instanceof Error ? error.message : String(error);

  if (bytes.length === 0) {
    return { vi: 'tệp rỗng', en: 'the file is empty' };
  }
  if (startsWith(bytes, OLE_SIGNATURE)) {
    return { vi: `đây là tệp ${legacy} kiểu cũ`, en: `it is an older ${legacy} file` };
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) {
    return { vi: `tệp không phải ${KINDS[kind].vi}`, en: `the file is not ${KINDS[kind].en}` };
  }
  if (/zip|central directory|end of data/i.test(detail)) {
    return { vi: 'tệp nén bị hỏng hoặc bị cắt cụt', en: 'the compressed file is damaged or cut short' };
  }

  return { vi: `tệp nén không chứa ${KINDS[kind].vi} đọc được`, en: `the compressed file holds no readable ${KINDS[kind].en.replace(/^an? /, '')}` };
}

/** Returns the bilingual message for a question file that could not be opened as `kind`. */
export function unreadableFileMessage(kind: OfficeFileKind, bytes: Uint8Array, error: unknown): { vi: string; en: string } {
  const cause = causeOf(kind, bytes, error);
  const { program } = KINDS[kind];

  return {
    vi: `Không đọc được tệp như ${KINDS[kind].vi}: ${cause.vi}. Hãy mở tệp bằng ${program}, lưu lại dưới dạng .${kind} rồi nhập lại.`,
    en: `The file cannot be read as ${KINDS[kind].en}: ${cause.en}. Open it in ${program}, save it as .${kind} and import it again.`,
  };
}
