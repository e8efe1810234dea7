// Parses the text of the QR code printed on the front of a chipped CCCD, as a scanner types it:
// `ID|old ID|name|birth date|sex|address|issue date`, dates as ddmmyyyy, sex "Nam" or "Nữ".
// The old (CMND) number is empty on many cards.

export interface CccdQr {
  idNumber: string;
  legacyIdNumber: string | null;
  fullName: string;
  /** ISO date, yyyy-mm-dd. */
  birthDate: string;
  sex: 'M' | 'F';
  address: string;
  /** ISO date, yyyy-mm-dd. */
  issuedOn: string;
}

export type QrParseResult = { ok: true; value: CccdQr } | { ok: false; reason: string };

function parseDate(text: string, field: string): string | { error: string } {
  if (!/^\d{8}$/.test(text)) {
    return { error: `${field} "${text}" is not 8 digits ddmmyyyy` };
  }

  const day = Number(text.slice(0, 2));
  const month = Number(text.slice(2, 4));
  const year = Number(text.slice(4, 8));
  const date = new Date(Date.UTC(year, month - 1, day));

  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { error: `${field} "${text}" is not a calendar date` };
  }

  return `${text.slice(4, 8)}-${text.slice(2, 4)}-${text.slice(0, 2)}`;
}

/** Parses scanned QR text; a result with `ok: false` names the invalid field. */
export function parseCccdQr(raw: string): QrParseResult {
  const fields = raw.trim().normalize('NFC').split('|');
  if (fields.length !== 7) {
    return { ok: false, reason: `expected 7 fields separated by |, found ${fields.length}` };
  }

  const [idNumber = '', legacy = '', name = '', birth = '', sexText = '', address = '', issued = ''] = fields.map((f) => f.trim());

  if (!/^\d{12}$/.test(idNumber)) return { ok: false, reason: `ID number "${idNumber}" is not 12 digits` };
  if (legacy !== '' && !/^\d{9}$/.test(legacy)) return { ok: false, reason: `old ID number "${legacy}" is not 9 digits` };
  if (name === '') return { ok: false, reason: 'the name is empty' };

  const birthDate = parseDate(birth, 'birth date');
  if (typeof birthDate !== 'string') return { ok: false, reason: birthDate.error };

  const issuedOn = parseDate(issued, 'issue date');
  if (typeof issuedOn !== 'string') return { ok: false, reason: issuedOn.error };

  const sexWord = sexText.toLocaleLowerCase('vi');
  if (sexWord !== 'nam' && sexWord !== 'nữ') return { ok: false, reason: `sex "${sexText}" is neither Nam nor Nữ` };

  return {
    ok: true,
    value: { idNumber, legacyIdNumber: legacy === '' ? null : legacy, fullName: name.replace(/\s+/g, ' '), birthDate, sex: sexWord === 'nam' ? 'M' : 'F', address, issuedOn },
  };
}
