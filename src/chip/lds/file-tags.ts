// Tags of the LDS elementary files (ICAO Doc 9303 Part 10 table 34) and the unwrapping of a
// file's outer data object.
import { ChipError } from '../errors.js';
import { parseTlv, tagToHex, type TlvNode } from '../codec/tlv.js';
import type { DumpFileName } from '../dump.js';

export const FILE_TAGS: Readonly<Partial<Record<DumpFileName, number>>> = {
  'EF.COM': 0x60,
  DG1: 0x61,
  DG2: 0x75,
  DG3: 0x63,
  DG4: 0x76,
  DG5: 0x65,
  DG6: 0x66,
  DG7: 0x67,
  DG8: 0x68,
  DG9: 0x69,
  DG10: 0x6a,
  DG11: 0x6b,
  DG12: 0x6c,
  DG13: 0x6d,
  DG14: 0x6e,
  DG15: 0x6f,
  DG16: 0x70,
  'EF.SOD': 0x77,
};

/** Data group number (1-16) of each data group tag. */
export const DATA_GROUP_NUMBER_BY_TAG: ReadonlyMap<number, number> = new Map(
  Object.entries(FILE_TAGS)
    .filter(([name]) => name.startsWith('DG'))
    .map(([name, tag]) => [tag as number, Number(name.slice(2))]),
);

/** Parses a whole file and checks its outer tag; trailing bytes after the object are rejected. */
export function parseFile(bytes: Uint8Array, file: DumpFileName): TlvNode {
  const tag = FILE_TAGS[file];

  if (tag === undefined) {
    throw new ChipError('BAD_INPUT', `${file} has no LDS file tag; expected EF.COM, EF.SOD or DG1 to DG16`, { file });
  }

  if (bytes.length === 0) {
    throw new ChipError('LDS_INVALID', `${file} is empty: expected a data object with tag ${tagToHex(tag)}`, { file });
  }

  if (bytes[0] !== tag) {
    throw new ChipError('LDS_WRONG_FILE_TAG', `${file} starts with tag ${tagToHex(bytes[0] as number)}, expected ${tagToHex(tag)}: is this the right file?`, { file });
  }

  try {
    return parseTlv(bytes, { pathPrefix: file });
  } catch (error) {
    if (error instanceof ChipError) {
      error.context.file ??= file;
    }

    throw error;
  }
}
