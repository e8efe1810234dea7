// The virtual CCCD chip: answers command APDUs as a CCCD does, from a card image. It runs the
// chip side of BAC, PACE, secure messaging, active and chip authentication, adds the configured
// latency to every APDU and applies the injected faults.
import type { VpcdCard } from '../vpcd.js';
import { decodeCommandApdu, type CommandApdu } from './command-apdu.js';
import { CardFileSystem, initialFileSystemState, type FileSystemState } from './file-system.js';
import { encodeResponse, respond, SW, type CardResponse } from './status-words.js';
import type { CardFiles } from '../../chip/dump.js';

/**
 * ATR of the virtual card: a contactless ISO/IEC 14443-4 card as PC/SC part 3 builds it
 * (3B 8n 80 01, historical bytes, TCK), with T=1.
 */
export const VIRTUAL_CARD_ATR = buildAtr(Uint8Array.from([0x80, 0x73, 0xc8, 0x21, 0x10, 0x0f, 0x90, 0x00]));

export interface VirtualCardOptions {
  /** Largest Ne in a short READ BINARY (CCCDs: 0xDF). */
  maxShortLe?: number;
  /** Accept extended-length APDUs (READ BINARY with Ne above 256). Default false. */
  extendedLength?: boolean;
  /** Delay before each response, in milliseconds. Default 0. */
  latencyMs?: number;
  /**
   * Access control the card enforces: `cccd` (BAC or PACE before any data group, as a CCCD) or
   * `none` (every file readable in plain, for tests of the file system and the PC/SC path).
   */
  accessControl?: 'cccd' | 'none';
}

/** Chip-side handlers that the protocols register (BAC, PACE, AA, CA), keyed by INS. */
export type InstructionHandler = (card: VirtualCard, command: CommandApdu, secured: boolean) => CardResponse | Promise<CardResponse>;

export class VirtualCard implements VpcdCard {
  readonly atr = VIRTUAL_CARD_ATR;
  readonly fileSystem: CardFileSystem;
  fsState: FileSystemState = initialFileSystemState();
  /** Number of APDUs answered since the card was built. */
  apduCount = 0;
  private readonly options: Required<VirtualCardOptions>;

  constructor(files: CardFiles, options: VirtualCardOptions = {}) {
    this.options = {
      maxShortLe: options.maxShortLe ?? 0xdf,
      extendedLength: options.extendedLength ?? false,
      latencyMs: options.latencyMs ?? 0,
      accessControl: options.accessControl ?? 'cccd',
    };
    this.fileSystem = new CardFileSystem(files, { maxShortLe: this.options.maxShortLe, extendedLength: this.options.extendedLength });
  }

  reset(): void {
    this.fsState = initialFileSystemState();
  }

  async processApdu(bytes: Uint8Array): Promise<Uint8Array> {
    this.apduCount += 1;

    if (this.options.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    }

    const command = decodeCommandApdu(bytes);

    if (command === null) {
      return encodeResponse(respond(SW.WRONG_LENGTH));
    }

    return encodeResponse(await this.dispatch(command, false));
  }

  private async dispatch(command: CommandApdu, secured: boolean): Promise<CardResponse> {
    if ((command.cla & 0x0c) !== 0) {
      return respond(SW.SM_DATA_OBJECTS_INCORRECT);
    }

    switch (command.ins) {
      case 0xa4:
        return this.fileSystem.select(this.fsState, command);
      case 0xb0:
      case 0xb1:
        return this.readBinary(command, secured);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  private readBinary(command: CommandApdu, secured: boolean): CardResponse {
    const open = secured || this.options.accessControl === 'none';

    if (!open && this.fsState.current !== 'EF.CardAccess' && (command.p1 & 0x80) === 0 && command.ins === 0xb0) {
      return respond(SW.SECURITY_NOT_SATISFIED);
    }

    return this.fileSystem.readBinary(this.fsState, command);
  }
}

function buildAtr(historical: Uint8Array): Uint8Array {
  const body = [0x80 | historical.length, 0x80, 0x01, ...historical];
  const tck = body.reduce((acc, byte) => acc ^ byte, 0);
  return Uint8Array.from([0x3b, ...body, tck]);
}
