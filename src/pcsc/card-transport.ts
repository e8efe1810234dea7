// A chip-library transport over a card connected through pcsc-lite.
import type { PcscReader } from './binding.js';
import { classifyBindingError, PcscError } from './errors.js';

/** Largest response pcsc-lite accepts: 65536 data bytes and the status word (extended length). */
const MAX_RESPONSE_BYTES = 65538;

/** Counters of the APDUs sent through a transport. */
export interface TransportCounters {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

/** Sends command APDUs to one connected card and returns its responses (data and status word). */
export class PcscCardTransport {
  readonly counters: TransportCounters = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
  private removed = false;

  constructor(
    private readonly reader: PcscReader,
    private readonly protocol: number,
  ) {}

  get readerName(): string {
    return this.reader.name;
  }

  /** Marks the card as gone, so that further APDUs fail at once with CARD_REMOVED. */
  markRemoved(): void {
    this.removed = true;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.removed) {
      return Promise.reject(this.removedError());
    }

    return new Promise((resolve, reject) => {
      this.reader.transmit(Buffer.from(command), MAX_RESPONSE_BYTES, this.protocol, (error, response) => {
        if (error) {
          reject(this.translate(error, command));
          return;
        }

        // A card always ends its answer with SW1 SW2. pcscd's vpcd driver returns an empty
        // response when the card leaves the reader during the APDU.
        if (response.length < 2) {
          this.removed = true;
          reject(new PcscError('CARD_REMOVED', `the card left reader "${this.reader.name}" while APDU ${headerHex(command)} was sent (empty response); present it again and keep it on the reader until the read ends`, this.reader.name));
          return;
        }

        this.counters.apdus += 1;
        this.counters.bytesSent += command.length;
        this.counters.bytesReceived += response.length;
        resolve(new Uint8Array(response));
      });
    });
  }

  /** Releases the card, leaving it powered (other programs may still use it). */
  disconnect(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.reader.connected) {
        resolve();
        return;
      }

      // A failed disconnect means the card or the reader is already gone, which is the goal.
      this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => resolve());
    });
  }

  private removedError(): PcscError {
    return new PcscError('CARD_REMOVED', `the card left reader "${this.reader.name}" during the read; present it again and keep it on the reader until the read ends`, this.reader.name);
  }

  private translate(error: unknown, command: Uint8Array): PcscError {
    const header = headerHex(command);
    const kind = classifyBindingError(error);

    if (kind === 'card-removed') {
      this.removed = true;
      return new PcscError('CARD_REMOVED', `the card left reader "${this.reader.name}" while APDU ${header} was sent; present it again and keep it on the reader until the read ends`, this.reader.name, { cause: error });
    }

    if (kind === 'reader-removed') {
      this.removed = true;
      return new PcscError('READER_REMOVED', `reader "${this.reader.name}" was unplugged while APDU ${header} was sent; plug it in again`, this.reader.name, { cause: error });
    }

    const detail = error instanceof Error ? error.message : String(error);
    return new PcscError('TRANSMIT_FAILED', `sending APDU ${header} to reader "${this.reader.name}" failed: ${detail}`, this.reader.name, { cause: error });
  }
}

/** CLA INS P1 P2 of a command as hex (never its data, which may hold personal data). */
function headerHex(command: Uint8Array): string {
  return Buffer.from(command.subarray(0, 4)).toString('hex').toUpperCase();
}
