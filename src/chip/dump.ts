// The card dump: the raw bytes of every file read from a chip, as the reader produces them and
// as `examgate card verify` and the server's check-in take them. Bytes are kept exactly as read,
// because passive authentication hashes the original encoding.
import { ChipError, type ChipErrorContext } from './errors.js';
import { fromBase64, toBase64 } from './codec/bytes.js';

/** Names of the elementary files a dump may hold (ICAO Doc 9303 Part 10 names). */
export const DUMP_FILE_NAMES = [
  'EF.COM', 'EF.CardAccess', 'EF.SOD',
  'DG1', 'DG2', 'DG3', 'DG4', 'DG5', 'DG6', 'DG7', 'DG8', 'DG9', 'DG10',
  'DG11', 'DG12', 'DG13', 'DG14', 'DG15', 'DG16',
] as const;

export type DumpFileName = (typeof DUMP_FILE_NAMES)[number];

export const CARD_DUMP_FORMAT = 'examgate-card-dump/1';

/** Raw files of one card, keyed by file name. */
export type CardFiles = Partial<Record<DumpFileName, Uint8Array>>;

/** A card dump in memory. */
export interface CardDump {
  files: CardFiles;
  /** Access control that opened the chip. */
  accessControl?: 'PACE-CAN' | 'PACE-MRZ' | 'BAC' | 'none';
  /** Active authentication done while reading: the challenge sent and the chip's signature. */
  activeAuthentication?: { nonce: Uint8Array; signature: Uint8Array };
  /** ISO 8601 time at which the read finished. */
  readAt?: string;
}

/** JSON form of a card dump: the same fields with bytes in base64. */
export interface CardDumpJson {
  format: typeof CARD_DUMP_FORMAT;
  files: Partial<Record<DumpFileName, string>>;
  accessControl?: CardDump['accessControl'];
  activeAuthentication?: { nonce: string; signature: string };
  readAt?: string;
}

/** Converts a dump to its JSON form. */
export function cardDumpToJson(dump: CardDump): CardDumpJson {
  const files: CardDumpJson['files'] = {};

  for (const name of DUMP_FILE_NAMES) {
    const bytes = dump.files[name];

    if (bytes !== undefined) {
      files[name] = toBase64(bytes);
    }
  }

  const json: CardDumpJson = { format: CARD_DUMP_FORMAT, files };

  if (dump.accessControl !== undefined) json.accessControl = dump.accessControl;
  if (dump.readAt !== undefined) json.readAt = dump.readAt;

  if (dump.activeAuthentication !== undefined) {
    json.activeAuthentication = {
      nonce: toBase64(dump.activeAuthentication.nonce),
      signature: toBase64(dump.activeAuthentication.signature),
    };
  }

  return json;
}

/** Reads a dump from its JSON form, rejecting unknown formats, file names and bad base64. */
export function cardDumpFromJson(value: unknown): CardDump {
  if (typeof value !== 'object' || value === null) {
    throw new ChipError('BAD_INPUT', 'card dump: expected a JSON object');
  }

  const json = value as Partial<CardDumpJson>;

  if (json.format !== CARD_DUMP_FORMAT) {
    throw new ChipError('BAD_INPUT', `card dump: format is "${String(json.format)}", expected "${CARD_DUMP_FORMAT}"`);
  }

  if (typeof json.files !== 'object' || json.files === null) {
    throw new ChipError('BAD_INPUT', 'card dump: "files" is missing; expected an object of base64 strings keyed by file name');
  }

  const files: CardFiles = {};

  for (const [name, text] of Object.entries(json.files)) {
    if (!(DUMP_FILE_NAMES as readonly string[]).includes(name)) {
      throw new ChipError('BAD_INPUT', `card dump: unknown file name "${name}"; expected one of ${DUMP_FILE_NAMES.join(', ')}`);
    }

    if (typeof text !== 'string') {
      throw new ChipError('BAD_INPUT', `card dump: file ${name} is not a base64 string`, { file: name });
    }

    files[name as DumpFileName] = dumpBase64(text, `file ${name}`, { file: name });
  }

  const dump: CardDump = { files };

  if (json.accessControl !== undefined) dump.accessControl = json.accessControl;
  if (json.readAt !== undefined) dump.readAt = json.readAt;

  if (json.activeAuthentication !== undefined) {
    if (typeof json.activeAuthentication !== 'object' || json.activeAuthentication === null) {
      throw new ChipError('BAD_INPUT', 'card dump: "activeAuthentication" is not an object; expected { nonce, signature } in base64, or no such field');
    }

    dump.activeAuthentication = {
      nonce: dumpBase64(json.activeAuthentication.nonce, 'activeAuthentication.nonce'),
      signature: dumpBase64(json.activeAuthentication.signature, 'activeAuthentication.signature'),
    };
  }

  return dump;
}

/** Decodes one base64 field of a dump; the error names the field, since the text alone does not. */
function dumpBase64(text: unknown, field: string, context: ChipErrorContext = {}): Uint8Array {
  if (typeof text !== 'string') {
    throw new ChipError('BAD_INPUT', `card dump: ${field} is not a base64 string`, context);
  }

  try {
    return fromBase64(text);
  } catch (error) {
    throw new ChipError('BAD_INPUT', `card dump: ${field} is not valid base64 (${(error as Error).message}); read the card again with examgate card read --out`, context);
  }
}
