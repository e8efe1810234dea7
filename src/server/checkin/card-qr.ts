// The QR code printed on the front of a CCCD, as a USB 2D scanner types it into a text field:
// `ID|old ID|full name|DOB ddMMyyyy|sex|address|issue date ddMMyyyy`. It carries no expiry.
import { isTwelveDigits } from '../../chip/idnumber/index.js';

export interface CardQrData {
  idNumber: string;
  /** The old 9-digit ID number, or null when the field is empty. */
  legacyIdNumber: string | null;
  /** Unicode NFC. */
  fullName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'M' | 'F' | null;
  address: string;
  /** YYYY-MM-DD. */
  issueDate: string | null;
}

export class CardQrError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'CardQrError';
  }
}

function parseDate(text: string, field: string): string {
  if (!/^\d{8}$/.test(text)) {
    throw new CardQrError(field, `QR field ${field} has ${text.length} characters; expected 8 digits ddMMyyyy`);
  }

  const iso = `${text.slice(4, 8)}-${text.slice(2, 4)}-${text.slice(0, 2)}`;
  const date = new Date(`${iso}T00:00:00Z`);

  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new CardQrError(field, `QR field ${field} is not a calendar date; expected ddMMyyyy`);
  }

  return iso;
}

function parseSex(text: string): 'M' | 'F' | null {
  const value = text.normalize('NFC').trim().toLowerCase();
  if (value === 'nam') return 'M';
  if (value === 'nữ') return 'F';
  return null;
}

/**
 * Parses the text of a card's QR code. Scanners may add a line break at the end and, with a
 * keyboard layout other than US, swap characters; the messages name the field but never its
 * value, which is personal data.
 */
export function parseCardQr(text: string): CardQrData {
  const fields = text.replace(/[\r\n]+$/, '').split('|');

  if (fields.length < 7) {
    throw new CardQrError('text', `the QR text has ${fields.length} fields separated by "|"; expected 7 (ID, old ID, name, birth date, sex, address, issue date)`);
  }

  const [idNumber = '', legacy = '', name = '', birth = '', sex = '', address = '', issue = ''] = fields.map((field) => field.trim());

  if (!isTwelveDigits(idNumber)) {
    throw new CardQrError('idNumber', 'QR field 1 (ID number) is not 12 digits; scan the QR code on the front of a chipped CCCD');
  }

  if (legacy !== '' && !/^\d{9}$/.test(legacy)) {
    throw new CardQrError('legacyIdNumber', 'QR field 2 (old ID number) is not 9 digits');
  }

  return {
    idNumber,
    legacyIdNumber: legacy === '' ? null : legacy,
    fullName: name.normalize('NFC').replace(/\s+/g, ' '),
    birthDate: parseDate(birth, 'birthDate'),
    sex: parseSex(sex),
    address: address.normalize('NFC'),
    issueDate: issue === '' ? null : parseDate(issue, 'issueDate'),
  };
}
