// EF.COM (ICAO Doc 9303 Part 10 section 4.6.1): LDS version, Unicode version and the tag list
// of the data groups present.
import { ChipError } from '../errors.js';
import { encodeTlv, requireTlv, tagToHex } from '../codec/tlv.js';
import { DATA_GROUP_NUMBER_BY_TAG, FILE_TAGS, parseFile } from './file-tags.js';

export interface EfCom {
  /** LDS version as four digits, e.g. `0107` for LDS 1.7. */
  ldsVersion: string;
  /** Unicode version as six digits, e.g. `040000`. */
  unicodeVersion: string;
  /** Data group numbers in the order of the tag list. */
  dataGroups: number[];
}

/** Parses EF.COM; an unknown tag in the tag list is rejected. */
export function parseEfCom(bytes: Uint8Array): EfCom {
  const root = parseFile(bytes, 'EF.COM');
  const ldsVersion = digits(requireTlv(root, 0x5f01, 'LDS version').value, 4, 'LDS version');
  const unicodeVersion = digits(requireTlv(root, 0x5f36, 'Unicode version').value, 6, 'Unicode version');
  const tagList = requireTlv(root, 0x5c, 'tag list');

  const dataGroups = Array.from(tagList.value, (tag) => {
    const number = DATA_GROUP_NUMBER_BY_TAG.get(tag);

    if (number === undefined) {
      throw new ChipError('LDS_INVALID', `EF.COM tag list: ${tagToHex(tag)} is not a data group tag`, { file: 'EF.COM', path: tagList.path });
    }

    return number;
  });

  return { ldsVersion, unicodeVersion, dataGroups };
}

function digits(value: Uint8Array, length: number, what: string): string {
  const text = Buffer.from(value).toString('latin1');

  if (!new RegExp(`^[0-9]{${length}}$`).test(text)) {
    throw new ChipError('LDS_INVALID', `EF.COM ${what} "${text}" is not ${length} digits`, { file: 'EF.COM' });
  }

  return text;
}

/** Encodes EF.COM listing the given data groups. */
export function encodeEfCom(com: EfCom): Uint8Array {
  const tags = com.dataGroups.map((number) => {
    const tag = FILE_TAGS[`DG${number}` as keyof typeof FILE_TAGS];

    if (tag === undefined) {
      throw new ChipError('BAD_INPUT', `EF.COM: DG${number} is not a data group; expected 1 to 16`);
    }

    return tag;
  });

  return encodeTlv(0x60, [
    encodeTlv(0x5f01, Buffer.from(com.ldsVersion, 'latin1')),
    encodeTlv(0x5f36, Buffer.from(com.unicodeVersion, 'latin1')),
    encodeTlv(0x5c, Uint8Array.from(tags)),
  ]);
}
