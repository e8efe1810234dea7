// DG14 (ICAO Doc 9303 Part 10 section 4.7.14): the SecurityInfos for chip authentication and
// the other protocols the chip supports.
import { ChipError } from '../errors.js';
import { encodeTlv } from '../codec/tlv.js';
import { parseFile } from './file-tags.js';
import { parseSecurityInfos, securityInfosOfNode, type SecurityInfo } from './security-infos.js';

/** Parses DG14 into its SecurityInfos. */
export function parseDg14(bytes: Uint8Array): SecurityInfo[] {
  const root = parseFile(bytes, 'DG14');

  if (root.children.length !== 1) {
    throw new ChipError('LDS_INVALID', `DG14 contains ${root.children.length} objects, expected one SET of SecurityInfo`, { file: 'DG14' });
  }

  return securityInfosOfNode(root.children[0]!, 'DG14');
}

/** Parses EF.CardAccess, which is a bare SecurityInfos SET. */
export function parseCardAccess(bytes: Uint8Array): SecurityInfo[] {
  return parseSecurityInfos(bytes, 'EF.CardAccess');
}

/** Encodes DG14 around DER SecurityInfos (a SET). */
export function encodeDg14(securityInfos: Uint8Array): Uint8Array {
  return encodeTlv(0x6e, securityInfos);
}
