// Dynamic authentication data of GENERAL AUTHENTICATE (tag 7C) and the MSE:Set AT data
// objects of PACE (ICAO Doc 9303 Part 11 sections 4.4.4.1 and 4.4.4.2).
import { ChipError } from '../errors.js';
import { encodeTlv, parseTlv, type TlvNode } from '../codec/tlv.js';
import { encodeOidContent } from './oids.js';

export const PACE_TAG = {
  ENCRYPTED_NONCE: 0x80,
  MAPPING_TERMINAL: 0x81,
  MAPPING_CHIP: 0x82,
  EPHEMERAL_TERMINAL: 0x83,
  EPHEMERAL_CHIP: 0x84,
  TOKEN_TERMINAL: 0x85,
  TOKEN_CHIP: 0x86,
  CAR_1: 0x87,
  CAR_2: 0x88,
} as const;

/** MSE:Set AT data: 80 protocol OID, 83 password reference, 84 domain parameter id. */
export function mseSetAtPaceData(protocolOid: string, passwordReference: number, parameterId?: number): Uint8Array {
  const parts = [encodeTlv(0x80, encodeOidContent(protocolOid)), encodeTlv(0x83, Uint8Array.of(passwordReference))];

  if (parameterId !== undefined) {
    parts.push(encodeTlv(0x84, Uint8Array.of(parameterId)));
  }

  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

/** Parses a 7C object (as a whole response or command data field) into its children. */
export function parseDynamicData(bytes: Uint8Array, step: string): TlvNode[] {
  const node = parseTlv(bytes, { pathPrefix: step });

  if (node.tag !== 0x7c) {
    throw new ChipError('PACE_FAILED', `${step}: expected dynamic authentication data (7C), found tag ${node.tag.toString(16).toUpperCase()}`, { step });
  }

  return [...node.children];
}

/** Returns the value of the child with `tag`, or throws PACE_FAILED naming the step. */
export function requireDataObject(children: TlvNode[], tag: number, step: string): Uint8Array {
  const child = children.find((node) => node.tag === tag);

  if (child === undefined) {
    throw new ChipError('PACE_FAILED', `${step}: data object ${tag.toString(16).toUpperCase()} is missing from the dynamic authentication data`, { step });
  }

  return child.value;
}
