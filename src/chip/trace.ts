// An optional trace of the APDUs of one card read. It keeps command headers, data lengths,
// status words and timings, and never the data fields: those carry keys, cryptograms and
// personal data (MRZ, names, photos).
import { toHex } from './codec/bytes.js';
import { statusWordHex } from './iso7816/status-words.js';

export interface ApduTraceEntry {
  /** Reading step that sent the command, e.g. `read DG2`. */
  step: string;
  /** CLA INS P1 P2 as sent on the wire, e.g. `0CB00000`. */
  header: string;
  commandLength: number;
  responseLength: number;
  /** Status word on the wire (for protected responses, the outer one). */
  statusWord: string;
  elapsedMs: number;
}

/** Collects masked trace entries; pass its `observe` method to the reader. */
export class ApduTrace {
  readonly entries: ApduTraceEntry[] = [];
  step = '';

  observe = (command: Uint8Array, response: Uint8Array, elapsedMs: number): void => {
    const sw = response.length >= 2 ? ((response.at(-2) as number) << 8) | (response.at(-1) as number) : 0;

    this.entries.push({
      step: this.step,
      header: toHex(command.subarray(0, 4)),
      commandLength: command.length,
      responseLength: response.length,
      statusWord: response.length >= 2 ? statusWordHex(sw) : '----',
      elapsedMs: Math.round(elapsedMs * 1000) / 1000,
    });
  };
}
