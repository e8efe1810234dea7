// Secure messaging (ICAO Doc 9303 Part 11 section 9.8) for 3DES and AES sessions, both sides:
// the terminal protects commands and unprotects responses, the chip unprotects commands and
// protects responses. The send sequence counter (SSC) advances once before each protected
// command and once before each protected response. It never advances for a response without
// secure messaging objects (e.g. a plain 6700 or 6988), or the two sides would desynchronise.
import { ChipError } from '../errors.js';
import { concatBytes, equalBytes, toHex } from '../codec/bytes.js';
import { encodeTlv, parseTlvList, type TlvNode } from '../codec/tlv.js';
import { blockSize, decryptCbc, encryptCbc, encryptEcb, type BlockCipherName } from '../crypto/block-cipher.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';
import { aesCmac, retailMac } from '../crypto/mac.js';
import { pad, unpad } from '../crypto/padding.js';
import { commandHeaderHex, decodeCommandApdu, decodeResponseApdu, encodeCommandApdu, type CommandApdu, type ResponseApdu } from '../iso7816/apdu.js';

export interface SecureMessagingKeys {
  cipher: BlockCipherName;
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial SSC: 8 bytes for 3DES, 16 bytes for AES (all zero after PACE and CA). */
  ssc: Uint8Array;
}

/**
 * Starts a session with keys from PACE or chip authentication: the cipher follows the key
 * algorithm and the SSC starts at zero (Doc 9303 Part 11 sections 4.4 and 6.2).
 */
export function startSecureMessaging(keyAlgorithm: KeyAlgorithm, keys: { ksEnc: Uint8Array; ksMac: Uint8Array }): SecureMessaging {
  const cipher = keyAlgorithm === 'DESede' ? 'DESede' : 'AES';
  return new SecureMessaging({ cipher, ksEnc: keys.ksEnc, ksMac: keys.ksMac, ssc: new Uint8Array(blockSize(cipher)) });
}

/** A response after unprotection. `protected` is false for a plain status word without SM objects. */
export interface SmResponse extends ResponseApdu {
  protected: boolean;
}

const CLA_SM = 0x0c;
const MAC_LENGTH = 8;
const TAG_ENCRYPTED_ODD = 0x85;
const TAG_ENCRYPTED = 0x87;
const TAG_LE = 0x97;
const TAG_STATUS = 0x99;
const TAG_MAC = 0x8e;

/** One secure messaging session. Keys live in private fields so they never show up in logs or JSON. */
export class SecureMessaging {
  readonly cipher: BlockCipherName;
  readonly #ksEnc: Uint8Array;
  readonly #ksMac: Uint8Array;
  readonly #ssc: Uint8Array;
  readonly #block: number;

  constructor(keys: SecureMessagingKeys) {
    this.cipher = keys.cipher;
    this.#block = blockSize(keys.cipher);

    if (keys.ssc.length !== this.#block) {
      throw new ChipError('BAD_INPUT', `secure messaging with ${keys.cipher} needs a ${this.#block}-byte SSC, got ${keys.ssc.length} bytes`);
    }

    this.#ksEnc = keys.ksEnc.slice();
    this.#ksMac = keys.ksMac.slice();
    this.#ssc = keys.ssc.slice();
  }

  /** Current SSC (a copy), for tests and traces. */
  get ssc(): Uint8Array {
    return this.#ssc.slice();
  }

  /** Terminal: wraps a plain command. Le' is 00 (or 0000 in extended length). */
  protectCommand(command: CommandApdu, options: { extended?: boolean } = {}): Uint8Array {
    if ((command.cla & CLA_SM) === CLA_SM) {
      throw new ChipError('BAD_INPUT', `command ${commandHeaderHex(command)} already has the secure messaging bits set in CLA`);
    }

    const header = Uint8Array.of(command.cla | CLA_SM, command.ins, command.p1, command.p2);
    this.#increment();

    const dataObject = this.#encryptDataObject(command.data, command.ins);
    const wantsExtended = options.extended === true || (command.ne ?? 0) > 256;
    const leObject = command.ne === undefined ? new Uint8Array(0) : encodeTlv(TAG_LE, leBytes(command.ne, wantsExtended));
    const mac = this.#mac(concatBytes(pad(header, this.#block), dataObject, leObject));
    const body = concatBytes(dataObject, leObject, encodeTlv(TAG_MAC, mac));
    const extended = wantsExtended || body.length > 255;

    return encodeCommandApdu({ cla: header[0] as number, ins: command.ins, p1: command.p1, p2: command.p2, data: body, ne: extended ? 65536 : 256 }, { extended });
  }

  /** Terminal: checks and decrypts a response. A plain error status word passes through with `protected: false`. */
  unprotectResponse(bytes: Uint8Array): SmResponse {
    const response = decodeResponseApdu(bytes);

    if (response.data.length === 0) {
      if (response.sw === 0x9000 || response.sw >> 8 === 0x61) {
        throw new ChipError('SM_RESPONSE_UNPROTECTED', `secure messaging: the card returned ${response.sw.toString(16).toUpperCase()} without MAC; a success must be protected, so the session is not trusted`);
      }

      return { data: response.data, sw: response.sw, protected: false };
    }

    const objects = parseTlvList(response.data, { pathPrefix: 'SM response' });
    const macObject = objects.find((node) => node.tag === TAG_MAC);

    if (macObject === undefined || macObject !== objects.at(-1)) {
      throw new ChipError('SM_MISSING_OBJECT', 'secure messaging: the response has no DO8E (MAC) as its last data object');
    }

    this.#increment();
    this.#verifyMac(concatBytes(...objects.slice(0, -1).map((node) => node.encoded)), macObject.value, 'response');

    const statusObject = objects.find((node) => node.tag === TAG_STATUS);
    const sw = statusObject === undefined ? response.sw : statusWord(statusObject);

    return { data: this.#decryptDataObject(objects), sw, protected: true };
  }

  /** Chip: checks and decrypts a protected command. Throws a ChipError, to which the card responds with 6987 or 6988. */
  unprotectCommand(bytes: Uint8Array): CommandApdu {
    const command = decodeCommandApdu(bytes);

    if ((command.cla & CLA_SM) !== CLA_SM) {
      throw new ChipError('SM_MISSING_OBJECT', `secure messaging: command ${commandHeaderHex(command)} has no secure messaging bits in CLA`);
    }

    const objects = parseTlvList(command.data ?? new Uint8Array(0), { pathPrefix: 'SM command' });
    const macObject = objects.at(-1);

    if (macObject === undefined || macObject.tag !== TAG_MAC) {
      throw new ChipError('SM_MISSING_OBJECT', `secure messaging: command ${commandHeaderHex(command)} has no DO8E (MAC) as its last data object`);
    }

    const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
    this.#increment();
    this.#verifyMac(concatBytes(pad(header, this.#block), ...objects.slice(0, -1).map((node) => node.encoded)), macObject.value, 'command');

    const data = this.#decryptDataObject(objects);
    const leObject = objects.find((node) => node.tag === TAG_LE);
    const plain: CommandApdu = { cla: command.cla & ~CLA_SM, ins: command.ins, p1: command.p1, p2: command.p2 };

    if (data.length > 0) plain.data = data;
    if (leObject !== undefined) plain.ne = neFromLe(leObject.value);

    return plain;
  }

  /** Chip: wraps a response. `ins` of the command selects DO85 (odd INS) or DO87 for the data. */
  protectResponse(response: ResponseApdu, ins = 0): Uint8Array {
    this.#increment();

    const dataObject = this.#encryptDataObject(response.data, ins);
    const statusObject = encodeTlv(TAG_STATUS, Uint8Array.of(response.sw >> 8, response.sw & 0xff));
    const mac = this.#mac(concatBytes(dataObject, statusObject));

    return concatBytes(dataObject, statusObject, encodeTlv(TAG_MAC, mac), Uint8Array.of(response.sw >> 8, response.sw & 0xff));
  }

  #increment(): void {
    for (let index = this.#ssc.length - 1; index >= 0; index--) {
      this.#ssc[index] = ((this.#ssc[index] as number) + 1) & 0xff;

      if (this.#ssc[index] !== 0) return;
    }
  }

  #iv(): Uint8Array {
    // 3DES sessions use a zero IV; AES sessions use E(KSenc, SSC) (Doc 9303 Part 11 section 9.8.6.1).
    return this.cipher === 'AES' ? encryptEcb('AES', this.#ksEnc, this.#ssc) : new Uint8Array(8);
  }

  #mac(data: Uint8Array): Uint8Array {
    const input = pad(concatBytes(this.#ssc, data), this.#block);
    return this.cipher === 'AES' ? aesCmac(this.#ksMac, input).subarray(0, MAC_LENGTH) : retailMac(this.#ksMac, input);
  }

  #verifyMac(data: Uint8Array, received: Uint8Array, what: string): void {
    if (!equalBytes(this.#mac(data), received)) {
      throw new ChipError('SM_MAC', `secure messaging: the ${what} MAC does not verify at SSC ${toHex(this.#ssc)}; the session keys or SSC are out of step, so the session must be restarted`);
    }
  }

  #encryptDataObject(data: Uint8Array | undefined, ins: number): Uint8Array {
    if (data === undefined || data.length === 0) {
      return new Uint8Array(0);
    }

    const encrypted = encryptCbc(this.cipher, this.#ksEnc, pad(data, this.#block), this.#iv());

    // Odd INS carries BER-TLV data, so its cryptogram has no padding-content indicator (DO85).
    return (ins & 1) === 1 ? encodeTlv(TAG_ENCRYPTED_ODD, encrypted) : encodeTlv(TAG_ENCRYPTED, [Uint8Array.of(0x01), encrypted]);
  }

  #decryptDataObject(objects: TlvNode[]): Uint8Array {
    const odd = objects.find((node) => node.tag === TAG_ENCRYPTED_ODD);
    const even = objects.find((node) => node.tag === TAG_ENCRYPTED);

    if (odd === undefined && even === undefined) {
      return new Uint8Array(0);
    }

    let cryptogram: Uint8Array;

    if (even !== undefined) {
      if (even.value[0] !== 0x01) {
        throw new ChipError('SM_MISSING_OBJECT', `secure messaging: DO87 padding-content indicator is ${toHex(even.value.subarray(0, 1))}, expected 01`);
      }

      cryptogram = even.value.subarray(1);
    } else {
      cryptogram = (odd as TlvNode).value;
    }

    if (cryptogram.length === 0 || cryptogram.length % this.#block !== 0) {
      throw new ChipError('SM_MISSING_OBJECT', `secure messaging: cryptogram of ${cryptogram.length} bytes is not a whole number of ${this.#block}-byte blocks`);
    }

    return unpad(decryptCbc(this.cipher, this.#ksEnc, cryptogram, this.#iv()));
  }
}

function leBytes(ne: number, extended: boolean): Uint8Array {
  return extended ? Uint8Array.of((ne >> 8) & 0xff, ne & 0xff) : Uint8Array.of(ne & 0xff);
}

function neFromLe(value: Uint8Array): number {
  if (value.length === 1) return value[0] === 0 ? 256 : (value[0] as number);
  if (value.length === 2) return (((value[0] as number) << 8) | (value[1] as number)) || 65536;

  throw new ChipError('SM_MISSING_OBJECT', `secure messaging: DO97 has ${value.length} bytes, expected 1 or 2`);
}

function statusWord(node: TlvNode): number {
  if (node.value.length !== 2) {
    throw new ChipError('SM_MISSING_OBJECT', `secure messaging: DO99 has ${node.value.length} bytes, expected the 2 status bytes`);
  }

  return ((node.value[0] as number) << 8) | (node.value[1] as number);
}
