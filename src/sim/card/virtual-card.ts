// The virtual CCCD chip: answers command APDUs as a CCCD does, from its files and secrets. It
// runs the chip side of BAC, PACE, secure messaging, active and chip authentication (the pure
// functions of the chip library), adds the configured latency to every APDU and applies the
// faults that act on the protocol (card pulled out, 6988 on a chosen APDU).
import type { KeyObject } from 'node:crypto';

import { answerBacChip, deriveBacKeys } from '../../chip/bac/index.js';
import { signActiveAuthenticationEcdsa, signActiveAuthenticationRsa, hashForCurveBits } from '../../chip/aa/index.js';
import { answerChipAuthentication, terminalKeyFromCommandData } from '../../chip/ca/index.js';
import { parseTlvList } from '../../chip/codec/tlv.js';
import { systemRandom, type RandomSource } from '../../chip/crypto/random.js';
import type { CardFiles, DumpFileName } from '../../chip/dump.js';
import { decodeCommandApdu, encodeResponseApdu, type ResponseApdu } from '../../chip/iso7816/apdu.js';
import { SW } from '../../chip/iso7816/status-words.js';
import { decodeOidContent, PaceChip, type PacePassword } from '../../chip/pace/index.js';
import { extractPaceInfos } from '../../chip/reader/pace-info.js';
import { SecureMessaging } from '../../chip/sm/index.js';
import type { VpcdCard } from '../vpcd.js';
import { CardFileSystem, initialFileSystemState, type FileSystemState } from './file-system.js';
import { ecCurveName, ecPrivateScalar } from './keys.js';
import { respond, type CardCommand } from './responses.js';

/**
 * ATR of the virtual card: a contactless ISO/IEC 14443-4 card as PC/SC part 3 builds it
 * (3B 8n 80 01, historical bytes, TCK), with T=1.
 */
export const VIRTUAL_CARD_ATR = buildAtr(Uint8Array.from([0x80, 0x73, 0xc8, 0x21, 0x10, 0x0f, 0x90, 0x00]));

/** Secrets of the chip: access data and the private keys behind DG15 and DG14. */
export interface CardSecrets {
  /** Card access number for PACE (on a CCCD the last 6 digits of the ID). */
  can?: string;
  /** MRZ_information for BAC and PACE with the MRZ. */
  mrzInformation?: string;
  activeAuthenticationKey?: KeyObject;
  chipAuthenticationKey?: KeyObject;
}

/** Faults that act while the card runs (file and signature faults are baked into the files). */
export interface RuntimeFaults {
  /** The card leaves the reader when this APDU (1-based) arrives. */
  pullOutAtApdu?: number;
  /** This APDU (1-based) is answered with 6988 and the secure messaging session is dropped. */
  smErrorAtApdu?: number;
}

export interface VirtualCardOptions {
  /** Largest Ne in a short READ BINARY (CCCDs: 0xDF). */
  maxShortLe?: number;
  /** Accept extended-length READ BINARY (Ne above 256). Default false. */
  extendedLength?: boolean;
  /** Delay before each response, in milliseconds. Default 0. */
  latencyMs?: number;
  /**
   * Access control the card enforces: `cccd` (BAC or PACE before any file but EF.CardAccess, as
   * a CCCD) or `none` (every file readable in plain, for tests of the file system and PC/SC path).
   */
  accessControl?: 'cccd' | 'none';
  /** Answer PACE with the MRZ password with 6982, as some CCCDs are reported to. Default false. */
  rejectPaceWithMrz?: boolean;
  faults?: RuntimeFaults;
  /** Random source for RND.IC, K.IC, PACE nonces and keys, and RSA signatures. */
  random?: RandomSource;
}

/** Raised by `processApdu` when the card leaves the reader; the vpcd bridge closes the socket. */
export class CardPulledOutError extends Error {
  constructor(readonly apduNumber: number) {
    super(`virtual card: pulled out of the reader at APDU ${apduNumber} (fault card-pulled-out)`);
    this.name = 'CardPulledOutError';
  }
}

const TAG_PACE_OID = 0x80;
const TAG_PASSWORD_REFERENCE = 0x83;
const TAG_PARAMETER_ID = 0x84;
const PASSWORD_MRZ = 0x01;
const PASSWORD_CAN = 0x02;
const NO_DATA = new Uint8Array(0);

export class VirtualCard implements VpcdCard {
  readonly atr = VIRTUAL_CARD_ATR;
  readonly fileSystem: CardFileSystem;
  /** Number of APDUs received since the card was built. */
  apduCount = 0;
  private readonly options: Required<Omit<VirtualCardOptions, 'faults' | 'random'>>;
  private readonly faults: RuntimeFaults;
  private readonly random: RandomSource;
  private fsState: FileSystemState = initialFileSystemState();
  private session: SecureMessaging | null = null;
  /** Session that replaces the current one after the response in progress (chip authentication). */
  private nextSession: SecureMessaging | null = null;
  private bacChallenge: Uint8Array | null = null;
  private pace: PaceChip | null = null;
  private chipAuthenticationOid: string | null = null;

  constructor(
    files: CardFiles,
    private readonly secrets: CardSecrets = {},
    options: VirtualCardOptions = {},
  ) {
    this.options = {
      maxShortLe: options.maxShortLe ?? 0xdf,
      extendedLength: options.extendedLength ?? false,
      latencyMs: options.latencyMs ?? 0,
      accessControl: options.accessControl ?? 'cccd',
      rejectPaceWithMrz: options.rejectPaceWithMrz ?? false,
    };
    this.faults = options.faults ?? {};
    this.random = options.random ?? systemRandom;
    this.fileSystem = new CardFileSystem(files, { maxShortLe: this.options.maxShortLe, extendedLength: this.options.extendedLength });
  }

  /** True while a secure messaging session is open. */
  get secured(): boolean {
    return this.session !== null;
  }

  reset(): void {
    this.fsState = initialFileSystemState();
    this.session = null;
    this.nextSession = null;
    this.bacChallenge = null;
    this.pace = null;
    this.chipAuthenticationOid = null;
  }

  async processApdu(bytes: Uint8Array): Promise<Uint8Array> {
    this.apduCount += 1;

    if (this.options.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    }

    if (this.faults.pullOutAtApdu === this.apduCount) {
      this.reset();
      throw new CardPulledOutError(this.apduCount);
    }

    if (this.faults.smErrorAtApdu === this.apduCount) {
      this.session = null;
      return encodeResponseApdu(respond(SW.SM_DATA_OBJECTS_INCORRECT));
    }

    return (bytes[0]! & 0x0c) === 0x0c ? this.processProtected(bytes) : this.processPlain(bytes);
  }

  private processPlain(bytes: Uint8Array): Uint8Array {
    const command = decode(bytes);

    if (command === null) {
      return encodeResponseApdu(respond(SW.WRONG_LENGTH));
    }

    // A plain command ends secure messaging (Doc 9303 Part 11 section 9.8.1).
    this.session = null;
    return encodeResponseApdu(this.dispatch(command, false));
  }

  private processProtected(bytes: Uint8Array): Uint8Array {
    const session = this.session;

    if (session === null) {
      return encodeResponseApdu(respond(SW.SM_DATA_OBJECTS_INCORRECT));
    }

    let command: CardCommand;

    try {
      const outer = decodeCommandApdu(bytes);
      const inner = session.unprotectCommand(bytes);
      const ne = inner.ne ?? 0;
      command = { cla: inner.cla, ins: inner.ins, p1: inner.p1, p2: inner.p2, data: inner.data ?? NO_DATA, ne, extended: outer.extended || ne > 256 };
    } catch {
      // A wrong MAC or malformed SM objects end the session; the answer is plain.
      this.session = null;
      return encodeResponseApdu(respond(SW.SM_DATA_OBJECTS_INCORRECT));
    }

    const response = this.dispatch(command, true);
    const protectedResponse = session.protectResponse(response, command.ins);

    if (this.nextSession !== null) {
      this.session = this.nextSession;
      this.nextSession = null;
    }

    return protectedResponse;
  }

  private dispatch(command: CardCommand, secured: boolean): ResponseApdu {
    if ((command.cla & 0xe0) !== 0) {
      return respond(SW.CLA_NOT_SUPPORTED);
    }

    const readable = (name: DumpFileName): boolean => secured || name === 'EF.CardAccess' || this.options.accessControl === 'none';

    switch (command.ins) {
      case 0xa4:
        return this.fileSystem.select(this.fsState, command, readable);
      case 0xb0:
      case 0xb1:
        return this.fileSystem.readBinary(this.fsState, command, readable);
      case 0x84:
        return this.getChallenge(command, secured);
      case 0x82:
        return this.externalAuthenticate(command, secured);
      case 0x22:
        return this.manageSecurityEnvironment(command, secured);
      case 0x86:
        return secured ? this.chipAuthenticate(command) : this.paceStep(command);
      case 0x88:
        return this.internalAuthenticate(command, secured);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  // BAC (Doc 9303 Part 11 section 4.3): GET CHALLENGE gives RND.IC, EXTERNAL AUTHENTICATE the keys.
  private getChallenge(command: CardCommand, secured: boolean): ResponseApdu {
    if (secured || command.p1 !== 0 || command.p2 !== 0) {
      return respond(SW.INCORRECT_P1P2);
    }

    if (command.ne !== 8) {
      return respond(SW.WRONG_LENGTH);
    }

    this.bacChallenge = this.random(8);
    return respond(SW.SUCCESS, this.bacChallenge.slice());
  }

  private externalAuthenticate(command: CardCommand, secured: boolean): ResponseApdu {
    const challenge = this.bacChallenge;
    this.bacChallenge = null;

    if (secured || challenge === null || this.secrets.mrzInformation === undefined) {
      return respond(SW.CONDITIONS_NOT_SATISFIED);
    }

    const keys = deriveBacKeys(this.secrets.mrzInformation);

    try {
      const answer = answerBacChip(keys.kEnc, keys.kMac, challenge, this.random(16), command.data);
      this.session = new SecureMessaging({ cipher: 'DESede', ksEnc: answer.session.ksEnc, ksMac: answer.session.ksMac, ssc: answer.session.ssc });
      return respond(SW.SUCCESS, answer.response);
    } catch {
      return respond(SW.VERIFICATION_FAILED);
    }
  }

  // MSE:Set AT for PACE (P1-P2 C1 A4), MSE:Set AT for chip authentication (41 A4) and
  // MSE:Set KAT for chip authentication with 3DES (41 A6).
  private manageSecurityEnvironment(command: CardCommand, secured: boolean): ResponseApdu {
    const selector = (command.p1 << 8) | command.p2;

    if (selector === 0xc1a4 && !secured) {
      return this.setPaceTemplate(command.data);
    }

    if (selector === 0x41a4 && secured) {
      return this.setChipAuthenticationTemplate(command.data);
    }

    if (selector === 0x41a6 && secured) {
      return this.chipAuthenticateWithKat(command.data);
    }

    return respond(secured ? SW.INCORRECT_P1P2 : SW.CONDITIONS_NOT_SATISFIED);
  }

  private setPaceTemplate(data: Uint8Array): ResponseApdu {
    this.pace = null;
    let objects;

    try {
      objects = parseTlvList(data);
    } catch {
      return respond(SW.WRONG_DATA);
    }

    const oidObject = objects.find((node) => node.tag === TAG_PACE_OID);
    const reference = objects.find((node) => node.tag === TAG_PASSWORD_REFERENCE)?.value[0];
    const parameterObject = objects.find((node) => node.tag === TAG_PARAMETER_ID);

    if (oidObject === undefined || reference === undefined) {
      return respond(SW.WRONG_DATA);
    }

    const protocolOid = decodeOidContent(oidObject.value);
    const offered = extractPaceInfos(this.fileSystem.file('EF.CardAccess') ?? NO_DATA).find((info) => info.protocolOid === protocolOid);
    const parameterId = parameterObject?.value[0] ?? offered?.parameterId ?? undefined;

    if (offered === undefined || parameterId === undefined || (offered.parameterId !== null && offered.parameterId !== parameterId)) {
      return respond(SW.REFERENCED_DATA_NOT_FOUND);
    }

    const password = this.pacePassword(reference);

    if (password === null) {
      return respond(reference === PASSWORD_MRZ && this.options.rejectPaceWithMrz ? SW.SECURITY_STATUS_NOT_SATISFIED : SW.REFERENCED_DATA_NOT_FOUND);
    }

    this.pace = new PaceChip({ password, protocolOid, parameterId, random: this.random });
    return respond(SW.SUCCESS);
  }

  private pacePassword(reference: number): PacePassword | null {
    if (reference === PASSWORD_CAN && this.secrets.can !== undefined) {
      return { kind: 'CAN', can: this.secrets.can };
    }

    if (reference === PASSWORD_MRZ && this.secrets.mrzInformation !== undefined && !this.options.rejectPaceWithMrz) {
      return { kind: 'MRZ', mrzInformation: this.secrets.mrzInformation };
    }

    return null;
  }

  // PACE GENERAL AUTHENTICATE steps (Doc 9303 Part 11 section 4.4) run the chip library's chip
  // state machine. A failed step answers 6300 and ends the run; a wrong CAN fails at the token.
  private paceStep(command: CardCommand): ResponseApdu {
    const pace = this.pace;

    if (pace === null) {
      return respond(SW.CONDITIONS_NOT_SATISFIED);
    }

    try {
      const data = pace.respond(command.data);

      if (pace.established) {
        this.session = pace.secureMessaging();
        this.pace = null;
        this.fsState = initialFileSystemState();
      }

      return respond(SW.SUCCESS, data);
    } catch {
      this.pace = null;
      return respond(SW.VERIFICATION_FAILED);
    }
  }

  private setChipAuthenticationTemplate(data: Uint8Array): ResponseApdu {
    try {
      const oidObject = parseTlvList(data).find((node) => node.tag === 0x80);

      if (oidObject === undefined) {
        return respond(SW.WRONG_DATA);
      }

      this.chipAuthenticationOid = decodeOidContent(oidObject.value);
      return respond(SW.SUCCESS);
    } catch {
      return respond(SW.WRONG_DATA);
    }
  }

  // Chip authentication (Doc 9303 Part 11 section 6.2): the response goes out under the old
  // session, then the new keys take over.
  private chipAuthenticate(command: CardCommand): ResponseApdu {
    const oid = this.chipAuthenticationOid;
    this.chipAuthenticationOid = null;

    if (oid === null) {
      return respond(SW.CONDITIONS_NOT_SATISFIED);
    }

    return this.startChipAuthenticationSession(oid, command.data, Uint8Array.of(0x7c, 0x00));
  }

  private chipAuthenticateWithKat(data: Uint8Array): ResponseApdu {
    return this.startChipAuthenticationSession(`0.4.0.127.0.7.2.2.3.2.1`, data, NO_DATA);
  }

  private startChipAuthenticationSession(oid: string, data: Uint8Array, answer: Uint8Array): ResponseApdu {
    const key = this.secrets.chipAuthenticationKey;

    if (key === undefined) {
      return respond(SW.CONDITIONS_NOT_SATISFIED);
    }

    try {
      this.nextSession = answerChipAuthentication(oid, ecCurveName(key), ecPrivateScalar(key), terminalKeyFromCommandData(data));
      return respond(SW.SUCCESS, answer);
    } catch {
      return respond(SW.WRONG_DATA);
    }
  }

  // Active authentication (Doc 9303 Part 11 section 6.1): INTERNAL AUTHENTICATE signs the nonce
  // with the key behind DG15; RSA with ISO/IEC 9796-2 (SHA-1), EC with plain ECDSA.
  private internalAuthenticate(command: CardCommand, secured: boolean): ResponseApdu {
    const key = this.secrets.activeAuthenticationKey;

    if (!secured && this.options.accessControl === 'cccd') {
      return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    }

    if (key === undefined) {
      return respond(SW.INS_NOT_SUPPORTED);
    }

    if (command.data.length !== 8) {
      return respond(SW.WRONG_DATA);
    }

    if (key.asymmetricKeyType === 'rsa') {
      return respond(SW.SUCCESS, signActiveAuthenticationRsa(key, command.data, 'SHA-1', this.random));
    }

    const fieldBits = Number(/(\d{3})/.exec(ecCurveName(key))?.[1] ?? 256);
    return respond(SW.SUCCESS, signActiveAuthenticationEcdsa(key, command.data, hashForCurveBits(fieldBits), 'plain'));
  }
}

function decode(bytes: Uint8Array): CardCommand | null {
  try {
    const command = decodeCommandApdu(bytes);
    return { cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2, data: command.data ?? NO_DATA, ne: command.ne ?? 0, extended: command.extended };
  } catch {
    return null;
  }
}

function buildAtr(historical: Uint8Array): Uint8Array {
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  const tck = body.reduce((acc, byte) => acc ^ byte, 0);
  return Uint8Array.from([0x3b, ...body, tck]);
}
