// A small scripted eMRTD chip for the reader's unit tests, built on the library's chip-side
// functions (BAC, PACE state machine, secure messaging). It serves the files it is given
// and can imitate card quirks: 6Cxx on a wrong Le, 6282 at the end of a file, SELECT MF = 6D00.
import { answerBacChip, deriveBacKeys } from '../../../../src/chip/bac/index.js';
import { fromHex } from '../../../../src/chip/codec/bytes.js';
import { encodeTlv, parseTlv } from '../../../../src/chip/codec/tlv.js';
import { systemRandom } from '../../../../src/chip/crypto/index.js';
import { decodeCommandApdu, encodeResponseApdu, type CardTransport, type CommandApdu, type ResponseApdu } from '../../../../src/chip/iso7816/index.js';
import { PaceChip, type PacePassword } from '../../../../src/chip/pace/index.js';
import { answerChipAuthentication, terminalKeyFromCommandData } from '../../../../src/chip/ca/index.js';
import { SecureMessaging } from '../../../../src/chip/sm/index.js';

/** EF.CardAccess of a CCCD: TA v1, CA ECDH AES-128 v1, PACE ECDH-GM AES-128 v2 with parameter id 13. */
export const CCCD_CARD_ACCESS = fromHex(`
  3134300D060804007F0007020202020101300F060A04007F00070202030202020101
  3012060A04007F0007020204020202010202010D`);

export interface TestCardConfig {
  files: Record<number, Uint8Array>;
  can: string;
  mrzInformation: string;
  /** File ids whose READ BINARY returns 6982 (e.g. DG3). */
  deniedFiles?: number[];
  /** Return 6Cxx when Le exceeds the rest of the file. */
  answerWrongLength?: boolean;
  /** Answer 6282 with the short data at the end of a file. */
  answerEndOfFileWarning?: boolean;
  /** Accept PACE with the MRZ password; by default the card rejects it with 6982, as CCCDs are reported to. */
  paceWithMrz?: boolean;
  /** Static chip authentication key (its public half belongs in DG14). */
  chipAuthentication?: { protocolOid: string; curve: string; privateKey: bigint };
  /** Signs INTERNAL AUTHENTICATE nonces. */
  internalAuthenticate?: (nonce: Uint8Array) => Uint8Array;
}

const ok = (data: Uint8Array = new Uint8Array(0)): ResponseApdu => ({ data, sw: 0x9000 });
const status = (sw: number): ResponseApdu => ({ data: new Uint8Array(0), sw });

export class TestCard implements CardTransport {
  readonly commands: CommandApdu[] = [];
  #sm: SecureMessaging | null = null;
  #pace: PaceChip | null = null;
  #rndIc: Uint8Array | null = null;
  #selected: number | null = null;
  // Secure messaging starts with the command after the one that agreed the keys.
  #pending: SecureMessaging | null = null;

  constructor(private readonly config: TestCardConfig) {}

  async transmit(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#pending !== null) {
      this.#sm = this.#pending;
      this.#pending = null;
    }

    const wire = decodeCommandApdu(bytes);

    if (this.#sm === null || (wire.cla & 0x0c) !== 0x0c) {
      if (this.#sm !== null) this.#sm = null;

      const command = { cla: wire.cla, ins: wire.ins, p1: wire.p1, p2: wire.p2, ...(wire.data ? { data: wire.data } : {}), ...(wire.ne ? { ne: wire.ne } : {}) };
      this.commands.push(command);
      return encodeResponseApdu(this.#process(command, false));
    }

    const sm = this.#sm;
    let command: CommandApdu;

    try {
      command = sm.unprotectCommand(bytes);
    } catch {
      this.#sm = null;
      return encodeResponseApdu(status(0x6988));
    }

    this.commands.push(command);
    const response = this.#process(command, true);

    if (response.data.length === 0 && response.sw !== 0x9000 && response.sw !== 0x6282) {
      return encodeResponseApdu(response);
    }

    return sm.protectResponse(response, command.ins);
  }

  #process(command: CommandApdu, secured: boolean): ResponseApdu {
    switch (command.ins) {
      case 0xa4:
        return this.#select(command, secured);
      case 0xb0:
      case 0xb1:
        return this.#read(command, secured);
      case 0x84:
        this.#rndIc = systemRandom(8);
        return ok(this.#rndIc);
      case 0x82:
        return this.#externalAuthenticate(command);
      case 0x22:
        return this.#manageSecurityEnvironment(command, secured);
      case 0x86:
        return this.#chipAuthenticationPending && secured ? this.#chipAuthenticate(command) : this.#generalAuthenticate(command);
      case 0x88:
        return secured && this.config.internalAuthenticate ? ok(this.config.internalAuthenticate(command.data ?? new Uint8Array(0))) : status(0x6982);
      default:
        return status(0x6d00);
    }
  }

  #select(command: CommandApdu, secured: boolean): ResponseApdu {
    if (command.p1 === 0x00) return status(0x6d00);
    if (command.p1 === 0x04) return ok();

    const fileId = ((command.data?.[0] ?? 0) << 8) | (command.data?.[1] ?? 0);

    if (this.config.files[fileId] === undefined) return status(0x6a82);
    if (!secured && fileId !== 0x011c) return status(0x6982);

    this.#selected = fileId;
    return ok();
  }

  #read(command: CommandApdu, secured: boolean): ResponseApdu {
    const file = this.#selected === null ? undefined : this.config.files[this.#selected];

    if (file === undefined) return status(0x6986);
    if (!secured && this.#selected !== 0x011c) return status(0x6982);
    if (this.config.deniedFiles?.includes(this.#selected as number)) return status(0x6982);

    const odd = command.ins === 0xb1;
    const offset = odd ? Number(BigInt(`0x${Buffer.from(parseTlv(command.data ?? new Uint8Array(0)).value).toString('hex')}`)) : (command.p1 << 8) | command.p2;
    const ne = command.ne ?? 256;

    if (offset >= file.length) return status(0x6b00);

    const rest = file.length - offset;

    if (!odd && this.config.answerWrongLength && ne > rest) return status(0x6c00 | (rest & 0xff));

    const data = file.subarray(offset, offset + Math.min(ne, rest));
    const body = odd ? encodeTlv(0x53, data.subarray(0, Math.max(0, Math.min(data.length, ne - 4)))) : data;
    const sw = this.config.answerEndOfFileWarning && ne > rest ? 0x6282 : 0x9000;

    return { data: body, sw };
  }

  #chipAuthenticationPending = false;

  #manageSecurityEnvironment(command: CommandApdu, secured: boolean): ResponseApdu {
    if (command.p1 === 0xc1) {
      const mrzPassword = (command.data ?? new Uint8Array(0)).some((byte, index, data) => byte === 0x83 && data[index + 1] === 0x01 && data[index + 2] === 0x01);

      if (mrzPassword && this.config.paceWithMrz !== true) return status(0x6982);

      const password: PacePassword = mrzPassword ? { kind: 'MRZ', mrzInformation: this.config.mrzInformation } : { kind: 'CAN', can: this.config.can };
      this.#pace = new PaceChip({ password, protocolOid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13, random: systemRandom });
      return ok();
    }

    if (!secured || this.config.chipAuthentication === undefined) return status(0x6a80);
    if (command.p2 === 0xa4) {
      this.#chipAuthenticationPending = true;
      return ok();
    }

    return this.#chipAuthenticate(command);
  }

  #chipAuthenticate(command: CommandApdu): ResponseApdu {
    const config = this.config.chipAuthentication;

    if (config === undefined) return status(0x6a80);

    try {
      const terminalKey = terminalKeyFromCommandData(command.data ?? new Uint8Array(0));
      this.#pending = answerChipAuthentication(config.protocolOid, config.curve, config.privateKey, terminalKey);
      this.#chipAuthenticationPending = false;
      return command.ins === 0x86 ? ok(Uint8Array.of(0x7c, 0x00)) : ok();
    } catch {
      return status(0x6a80);
    }
  }

  #externalAuthenticate(command: CommandApdu): ResponseApdu {
    if (this.#rndIc === null) return status(0x6985);

    const keys = deriveBacKeys(this.config.mrzInformation);

    try {
      const answer = answerBacChip(keys.kEnc, keys.kMac, this.#rndIc, systemRandom(16), command.data ?? new Uint8Array(0));
      this.#pending = new SecureMessaging({ cipher: 'DESede', ksEnc: answer.session.ksEnc, ksMac: answer.session.ksMac, ssc: answer.session.ssc });
      return ok(answer.response);
    } catch {
      return status(0x6300);
    }
  }

  #generalAuthenticate(command: CommandApdu): ResponseApdu {
    if (this.#pace === null) return status(0x6985);

    try {
      const response = this.#pace.respond(command.data ?? new Uint8Array(0));

      if (this.#pace.established) this.#pending = this.#pace.secureMessaging();

      return ok(response);
    } catch {
      this.#pace = null;
      return status(0x6300);
    }
  }

}

/** Builds a synthetic file: one TLV object of `tag` with `length` value bytes. */
export function syntheticFile(tag: number, length: number): Uint8Array {
  return encodeTlv(tag, new Uint8Array(length).map((_, index) => (index * 7) & 0xff));
}
