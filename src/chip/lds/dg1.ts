// DG1 (ICAO Doc 9303 Part 10 section 4.7.1): the MRZ text in data object 5F1F.
import { ChipError } from '../errors.js';
import { encodeTlv, requireTlv } from '../codec/tlv.js';
import { parseFile } from './file-tags.js';

/** MRZ line lengths by document format: TD1 3 x 30, TD2 2 x 36, TD3 2 x 44. */
const MRZ_LAYOUTS: Readonly<Record<number, { lines: number; length: number }>> = {
  90: { lines: 3, length: 30 },
  72: { lines: 2, length: 36 },
  88: { lines: 2, length: 44 },
};

export interface Dg1 {
  /** MRZ characters as stored (without line breaks). */
  mrz: string;
  /** The MRZ split into its lines by the document format. */
  lines: string[];
}

/** Parses DG1 and splits the MRZ into lines; the characters must be MRZ characters (A-Z, 0-9, <). */
export function parseDg1(bytes: Uint8Array): Dg1 {
  const root = parseFile(bytes, 'DG1');
  const node = requireTlv(root, 0x5f1f, 'MRZ data element');
  const mrz = Buffer.from(node.value).toString('latin1');
  const layout = MRZ_LAYOUTS[mrz.length];

  if (layout === undefined) {
    throw new ChipError('LDS_INVALID', `DG1 MRZ has ${mrz.length} characters; expected 90 (TD1), 72 (TD2) or 88 (TD3)`, { file: 'DG1', path: node.path });
  }

  if (!/^[A-Z0-9<]*$/.test(mrz)) {
    throw new ChipError('LDS_INVALID', 'DG1 MRZ contains characters other than A-Z, 0-9 and <', { file: 'DG1', path: node.path });
  }

  const lines: string[] = [];

  for (let index = 0; index < layout.lines; index++) {
    lines.push(mrz.slice(index * layout.length, (index + 1) * layout.length));
  }

  return { mrz, lines };
}

/** Encodes DG1 from the MRZ lines (or the joined MRZ text). */
export function encodeDg1(mrz: string | string[]): Uint8Array {
  const text = Array.isArray(mrz) ? mrz.join('') : mrz.replace(/\s+/g, '');

  if (MRZ_LAYOUTS[text.length] === undefined || !/^[A-Z0-9<]*$/.test(text)) {
    throw new ChipError('BAD_INPUT', `DG1: MRZ of ${text.length} characters; expected 90, 72 or 88 characters of A-Z, 0-9 and <`);
  }

  return encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(text, 'latin1')));
}
