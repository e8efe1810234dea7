// PACEInfo entries of EF.CardAccess (ICAO Doc 9303 Part 11 section 9.2.1):
// PACEInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, version INTEGER, parameterId INTEGER OPTIONAL }.
// This reads only what the reader needs to choose a PACE run; the full SecurityInfos parser is
// in src/chip/lds.
import { parseTlv } from '../codec/tlv.js';
import { decodeOidContent, PACE_CIPHER_SUITES, type PaceCipherSuite } from '../pace/oids.js';

export interface PaceInfoEntry {
  protocolOid: string;
  suite: PaceCipherSuite;
  version: number;
  parameterId: number | null;
}

/** Returns the PACEInfo entries of an EF.CardAccess file (SET OF SecurityInfo, tag 31). */
export function extractPaceInfos(cardAccess: Uint8Array): PaceInfoEntry[] {
  const root = parseTlv(cardAccess, { pathPrefix: 'EF.CardAccess' });
  const entries: PaceInfoEntry[] = [];

  for (const info of root.children) {
    const [oidNode, versionNode, parameterNode] = info.children;

    if (info.tag !== 0x30 || oidNode?.tag !== 0x06 || versionNode?.tag !== 0x02) continue;

    const protocolOid = decodeOidContent(oidNode.value);
    const suite = PACE_CIPHER_SUITES.find((candidate) => candidate.oid === protocolOid);

    if (suite === undefined) continue;

    entries.push({
      protocolOid,
      suite,
      version: smallInteger(versionNode.value),
      parameterId: parameterNode?.tag === 0x02 ? smallInteger(parameterNode.value) : null,
    });
  }

  return entries;
}

function smallInteger(bytes: Uint8Array): number {
  return bytes.reduce((value, byte) => value * 256 + byte, 0);
}
