// Reading one elementary file: SELECT by file identifier without selecting the MF first
// (CCCDs return 6D00 to SELECT MF), then READ BINARY in chunks. The file size comes from the
// TLV header in the first bytes. Status words handled: 6Cxx (retry with the exact length the
// card names), 6B00 and 6282 (end of file), 6A82 (file not found) and 6982 (access denied).
// Offsets above 32 767 use READ BINARY with odd INS and an offset data object 54.
import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import { encodedLengthFromHeader, parseTlv } from '../codec/tlv.js';
import type { ResponseApdu } from '../iso7816/apdu.js';
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';
import { MAX_EVEN_READ_OFFSET, readBinaryCommand, selectFileCommand } from '../iso7816/commands.js';
import { statusWordHex } from '../iso7816/status-words.js';

/** Largest short READ BINARY length that still fits a 3DES or AES protected response in 256 bytes. */
export const DEFAULT_READ_LENGTH = 0xdf;

/** Maximum size of a file this reader accepts, to bound memory for a malformed header. */
export const MAX_FILE_BYTES = 1 << 20;

const MAX_WRONG_LENGTH_RETRIES = 3;
const ODD_READ_HEADER_BYTES = 4;

export interface ReadFileOptions {
  /** Bytes per READ BINARY; above 256 the command uses extended length. Default 0xDF. */
  maxReadLength?: number;
  /** Name for error messages, e.g. `DG2`. */
  fileName?: string;
}

export type ReadFileOutcome =
  | { status: 'read'; bytes: Uint8Array }
  | { status: 'not-found' }
  | { status: 'access-denied' };

/** Selects `fileId` and reads it whole. A missing file or denied access is an outcome, not an error. */
export async function readFile(channel: ApduChannel, fileId: number, options: ReadFileOptions = {}): Promise<ReadFileOutcome> {
  const fileName = options.fileName ?? fileId.toString(16).padStart(4, '0');
  const step = `read ${fileName}`;
  const select = selectFileCommand(fileId);
  const selected = await channel.send(select);

  if (selected.sw === 0x6a82) return { status: 'not-found' };
  if (selected.sw === 0x6982) return { status: 'access-denied' };

  requireStatus(selected, select, `${step}: SELECT`);

  const maxReadLength = options.maxReadLength ?? DEFAULT_READ_LENGTH;
  const first = await readChunk(channel, 0, maxReadLength, step);

  if (first === 'access-denied') return { status: 'access-denied' };

  const total = encodedLengthFromHeader(first.data);

  if (total === null) {
    throw new ChipError('TLV_TRUNCATED', `${step}: the first ${first.data.length} bytes do not hold a complete TLV header, so the file size is unknown`, { step, file: fileName });
  }

  if (total > MAX_FILE_BYTES) {
    throw new ChipError('TLV_BAD_LENGTH', `${step}: the header announces ${total} bytes, more than the ${MAX_FILE_BYTES}-byte limit`, { step, file: fileName });
  }

  const chunks = [first.data.subarray(0, Math.min(first.data.length, total))];
  let offset = chunks[0]?.length ?? 0;
  let ended = first.endOfFile;

  while (offset < total && !ended) {
    // Le of an odd-INS READ BINARY also counts the header of the DO53 around the data (up to 4 bytes).
    const requested = offset > MAX_EVEN_READ_OFFSET ? total - offset + ODD_READ_HEADER_BYTES : total - offset;
    const chunk = await readChunk(channel, offset, Math.min(maxReadLength, requested), step);

    if (chunk === 'access-denied') {
      throw new ChipError('CARD_STATUS', `${step}: access was denied at offset ${offset} after the start of the file was readable`, { step, file: fileName, statusWord: '6982' });
    }

    if (chunk.data.length === 0) break;

    chunks.push(chunk.data);
    offset += chunk.data.length;
    ended = chunk.endOfFile;
  }

  if (offset < total) {
    throw new ChipError('TLV_TRUNCATED', `${step}: the card ended the file after ${offset} bytes, its header announces ${total}`, { step, file: fileName });
  }

  return { status: 'read', bytes: concatBytes(...chunks).subarray(0, total) };
}

interface Chunk {
  data: Uint8Array;
  endOfFile: boolean;
}

async function readChunk(channel: ApduChannel, offset: number, length: number, step: string): Promise<Chunk | 'access-denied'> {
  let ne = length;

  for (let attempt = 0; attempt <= MAX_WRONG_LENGTH_RETRIES; attempt++) {
    const command = readBinaryCommand(offset, ne);
    const response = await channel.send(command);

    // 6Cxx: wrong Le, SW2 is the exact number of bytes available.
    if (response.sw >> 8 === 0x6c) {
      ne = (response.sw & 0xff) || 256;
      continue;
    }

    if (response.sw === 0x6982) return 'access-denied';
    if (response.sw === 0x6b00) return { data: new Uint8Array(0), endOfFile: true };

    const accepted = requireStatus(response, command, `${step} at offset ${offset}`, [0x9000, 0x6282]);
    const data = offset > MAX_EVEN_READ_OFFSET ? unwrapOddResponse(accepted, step) : accepted.data;

    return { data, endOfFile: accepted.sw === 0x6282 };
  }

  throw new ChipError('CARD_STATUS', `${step} at offset ${offset}: the card still returned 6Cxx after ${MAX_WRONG_LENGTH_RETRIES} retries`, { step });
}

/** READ BINARY with odd INS returns the data inside a discretionary data object 53. */
function unwrapOddResponse(response: ResponseApdu, step: string): Uint8Array {
  if (response.data.length === 0) return response.data;

  const node = parseTlv(response.data, { pathPrefix: step });

  if (node.tag !== 0x53) {
    throw new ChipError('TLV_UNEXPECTED_TAG', `${step}: READ BINARY with odd INS returned tag ${node.tag.toString(16).toUpperCase()}, expected 53 (status ${statusWordHex(response.sw)})`, { step });
  }

  return node.value;
}
