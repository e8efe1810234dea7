// The card's file system as a CCCD presents it (ICAO Doc 9303 Part 10 section 3, with the
// behaviour seen on CCCDs): EF.CardAccess under the master file, the eMRTD application with
// EF.COM, EF.SOD and the data groups, SELECT of the master file answered with 6D00, DG3
// (fingerprints, which need terminal authentication) answered with 6982.
import { encodeTlv } from '../../chip/codec/tlv.js';
import type { DumpFileName } from '../../chip/dump.js';
import type { ResponseApdu } from '../../chip/iso7816/apdu.js';
import { SW } from '../../chip/iso7816/status-words.js';
import { EMRTD_AID } from '../../chip/reader/file-ids.js';
import { respond, type CardCommand } from './responses.js';


/** File identifier and short file identifier of each LDS file (Doc 9303 Part 10 tables 3 and 37). */
export const FILE_IDS: Record<DumpFileName, { fid: number; sfi: number }> = {
  'EF.CardAccess': { fid: 0x011c, sfi: 0x1c },
  'EF.COM': { fid: 0x011e, sfi: 0x1e },
  'EF.SOD': { fid: 0x011d, sfi: 0x1d },
  DG1: { fid: 0x0101, sfi: 0x01 },
  DG2: { fid: 0x0102, sfi: 0x02 },
  DG3: { fid: 0x0103, sfi: 0x03 },
  DG4: { fid: 0x0104, sfi: 0x04 },
  DG5: { fid: 0x0105, sfi: 0x05 },
  DG6: { fid: 0x0106, sfi: 0x06 },
  DG7: { fid: 0x0107, sfi: 0x07 },
  DG8: { fid: 0x0108, sfi: 0x08 },
  DG9: { fid: 0x0109, sfi: 0x09 },
  DG10: { fid: 0x010a, sfi: 0x0a },
  DG11: { fid: 0x010b, sfi: 0x0b },
  DG12: { fid: 0x010c, sfi: 0x0c },
  DG13: { fid: 0x010d, sfi: 0x0d },
  DG14: { fid: 0x010e, sfi: 0x0e },
  DG15: { fid: 0x010f, sfi: 0x0f },
  DG16: { fid: 0x0110, sfi: 0x10 },
};

/** Files that need extended access control on a CCCD; reading them answers 6982. */
const EAC_PROTECTED: ReadonlySet<DumpFileName> = new Set(['DG3', 'DG4']);

export interface FileSystemOptions {
  /** Largest Ne accepted in a short READ BINARY; a larger one answers 6700. Default 0xDF. */
  maxShortLe: number;
  /** Whether extended-length READ BINARY is accepted (Ne up to 65536); otherwise 6700. */
  extendedLength: boolean;
}

/** Selection state of one card session. */
export interface FileSystemState {
  application: 'MF' | 'eMRTD';
  current: DumpFileName | null;
}

export function initialFileSystemState(): FileSystemState {
  return { application: 'MF', current: null };
}

/** Files of a card and how the card reads them. */
export class CardFileSystem {
  private readonly byFid = new Map<number, DumpFileName>();
  private readonly bySfi = new Map<number, DumpFileName>();

  constructor(
    private readonly files: Partial<Record<DumpFileName, Uint8Array>>,
    private readonly options: FileSystemOptions,
  ) {
    for (const [name, ids] of Object.entries(FILE_IDS) as [DumpFileName, { fid: number; sfi: number }][]) {
      this.byFid.set(ids.fid, name);
      this.bySfi.set(ids.sfi, name);
    }
  }

  /** Bytes of file `name`, or undefined when the card does not hold it. */
  file(name: DumpFileName): Uint8Array | undefined {
    return this.files[name];
  }

  /** SELECT (INS A4). `readable` returns whether the session may use a file. */
  select(state: FileSystemState, command: CardCommand, readable: (name: DumpFileName) => boolean): ResponseApdu {
    // CCCDs answer any selection by file identifier from the master file (P1 = 00) with 6D00.
    if (command.p1 === 0x00) {
      return respond(SW.INS_NOT_SUPPORTED);
    }

    if (command.p1 === 0x04) {
      return this.selectApplication(state, command);
    }

    if (command.p1 !== 0x02) {
      return respond(SW.INCORRECT_P1P2);
    }

    if (command.data.length !== 2) {
      return respond(SW.WRONG_LENGTH);
    }

    const name = this.byFid.get((command.data[0]! << 8) | command.data[1]!);

    // EF.CardAccess lives in the master file; the other files only inside the eMRTD application.
    // NOTE: EF.CardAccess is also selectable after the application is selected, as many chips allow.
    if (name === undefined || (name !== 'EF.CardAccess' && state.application !== 'eMRTD')) {
      return respond(SW.FILE_NOT_FOUND);
    }

    if (this.files[name] === undefined && !EAC_PROTECTED.has(name)) {
      return respond(SW.FILE_NOT_FOUND);
    }

    if (!readable(name)) {
      return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    }

    state.current = name;
    return this.selectResponse(command, name);
  }

  /** READ BINARY with an even (B0) or odd (B1) instruction byte. */
  readBinary(state: FileSystemState, command: CardCommand, readable: (name: DumpFileName) => boolean): ResponseApdu {
    const target = this.readTarget(state, command);

    if ('sw' in target) {
      return target;
    }

    if (!readable(target.name)) {
      return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    }

    if (command.extended && !this.options.extendedLength) {
      return respond(SW.WRONG_LENGTH);
    }

    if (!command.extended && command.ne > this.options.maxShortLe) {
      return respond(SW.WRONG_LENGTH);
    }

    if (EAC_PROTECTED.has(target.name)) {
      return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    }

    const bytes = this.files[target.name];

    if (bytes === undefined) {
      return respond(SW.FILE_NOT_FOUND);
    }

    state.current = target.name;
    return command.ins === 0xb1 ? readOdd(bytes, target.offset, command.ne) : readEven(bytes, target.offset, command.ne);
  }

  private selectApplication(state: FileSystemState, command: CardCommand): ResponseApdu {
    if (!sameBytes(command.data, EMRTD_AID)) {
      return respond(SW.FILE_NOT_FOUND);
    }

    state.application = 'eMRTD';
    state.current = null;
    return respond(SW.SUCCESS);
  }

  private selectResponse(command: CardCommand, name: DumpFileName): ResponseApdu {
    if ((command.p2 & 0x0c) === 0x0c) {
      return respond(SW.SUCCESS);
    }

    // File control parameters: 62 { 80 size, 83 file identifier }.
    const size = this.files[name]?.length ?? 0;
    const fid = FILE_IDS[name].fid;
    const fcp = Uint8Array.from([0x62, 0x08, 0x80, 0x02, size >> 8, size & 0xff, 0x83, 0x02, fid >> 8, fid & 0xff]);
    return respond(SW.SUCCESS, fcp);
  }

  private readTarget(state: FileSystemState, command: CardCommand): { name: DumpFileName; offset: number } | ResponseApdu {
    if (command.ins === 0xb1) {
      return this.readOddTarget(state, command);
    }

    if ((command.p1 & 0x80) !== 0) {
      const name = this.bySfi.get(command.p1 & 0x1f);

      if (name === undefined || (name !== 'EF.CardAccess' && state.application !== 'eMRTD')) {
        return respond(SW.FILE_NOT_FOUND);
      }

      return { name, offset: command.p2 };
    }

    if (state.current === null) {
      return respond(SW.COMMAND_NOT_ALLOWED);
    }

    return { name: state.current, offset: ((command.p1 & 0x7f) << 8) | command.p2 };
  }

  // Odd READ BINARY (ISO/IEC 7816-4 section 11.2.3): P1-P2 = 0000 for the current EF or a file
  // identifier; the offset comes in an offset data object 54.
  private readOddTarget(state: FileSystemState, command: CardCommand): { name: DumpFileName; offset: number } | ResponseApdu {
    const data = command.data;

    if (data.length < 3 || data[0] !== 0x54 || data[1] !== data.length - 2 || data[1]! > 3) {
      return respond(SW.WRONG_DATA);
    }

    let offset = 0;

    for (const byte of data.subarray(2)) {
      offset = offset * 256 + byte;
    }

    const fid = (command.p1 << 8) | command.p2;

    if (fid === 0) {
      return state.current === null ? respond(SW.COMMAND_NOT_ALLOWED) : { name: state.current, offset };
    }

    const name = this.byFid.get(fid);
    return name === undefined ? respond(SW.FILE_NOT_FOUND) : { name, offset };
  }
}

function readEven(bytes: Uint8Array, offset: number, ne: number): ResponseApdu {
  if (offset >= bytes.length) {
    return respond(SW.WRONG_P1P2_OFFSET);
  }

  const wanted = ne === 0 ? 256 : ne;
  const end = Math.min(bytes.length, offset + wanted);
  return respond(end - offset < wanted ? SW.END_OF_FILE_WARNING : SW.SUCCESS, bytes.slice(offset, end));
}

function readOdd(bytes: Uint8Array, offset: number, ne: number): ResponseApdu {
  if (offset >= bytes.length) {
    return respond(SW.WRONG_P1P2_OFFSET);
  }

  // The response is a discretionary data object 53; its header takes part of Ne.
  const wanted = ne === 0 ? 256 : ne;
  let headerLength = 4;

  if (wanted - 2 <= 0x7f) {
    headerLength = 2;
  } else if (wanted - 3 <= 0xff) {
    headerLength = 3;
  }

  const room = Math.max(0, wanted - headerLength);
  const end = Math.min(bytes.length, offset + room);
  const data = encodeTlv(0x53, bytes.subarray(offset, end));
  return respond(end - offset < room ? SW.END_OF_FILE_WARNING : SW.SUCCESS, data);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
