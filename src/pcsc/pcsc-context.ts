// Reader discovery and card events over pcsc-lite: readers plugged in and unplugged, cards
// presented and removed, and waiting for a card on one reader or on any.
import { EventEmitter } from 'node:events';

import { loadPcscLite, type PcscLite, type PcscReader } from './binding.js';
import { PcscCardTransport } from './card-transport.js';
import { PcscError } from './errors.js';

/** A card connected in a reader, ready for APDUs. */
export interface PcscCard {
  readonly readerName: string;
  /** Answer to reset of the card. */
  readonly atr: Uint8Array;
  readonly transport: PcscCardTransport;
}

export interface WaitForCardOptions {
  /** Reader to use: its exact name, or a part of it. Default: the first reader that gets a card. */
  reader?: string;
  /** Time to wait for a card, in milliseconds. Default: wait until `signal` aborts. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Events: `reader` (name), `reader-removed` (name), `card-inserted` (name, ATR), `card-removed` (name), `error` (Error). */
export interface PcscContextEvents {
  reader: [name: string];
  'reader-removed': [name: string];
  'card-inserted': [name: string, atr: Uint8Array];
  'card-removed': [name: string];
  error: [error: Error];
}

interface ReaderEntry {
  reader: PcscReader;
  present: boolean;
  atr: Uint8Array;
  transports: Set<PcscCardTransport>;
  /** Pending disconnect after a removal; closing the reader while it runs blocks the binding. */
  disconnecting: Promise<void>;
}

/** Maximum wait in `close()` for the card disconnects to finish, in milliseconds. */
const CLOSE_DISCONNECT_TIMEOUT_MS = 3_000;

/** One connection to pcscd that follows every reader and card. Close it with `close()`. */
export class PcscContext extends EventEmitter<PcscContextEvents> {
  private readonly pcsc: PcscLite;
  private readonly entries = new Map<string, ReaderEntry>();
  private closed = false;

  constructor() {
    super();
    this.pcsc = loadPcscLite()();

    this.pcsc.on('error', (error: unknown) => {
      // Closing the context cancels the binding's pending status wait, which it reports as an error.
      if (this.closed) return;

      const detail = error instanceof Error ? error.message : String(error);
      this.emit('error', new PcscError('PCSC_UNAVAILABLE', `pcscd is not reachable (${detail}); start it with \`pcscd\` (Debian package pcscd)`, undefined, { cause: error }));
    });

    this.pcsc.on('reader', (reader) => this.track(reader as unknown as PcscReader));
  }

  /** Names of the readers connected now. */
  readerNames(): string[] {
    return [...this.entries.keys()];
  }

  /** Names of the readers that hold a card now. */
  readersWithCard(): string[] {
    return [...this.entries.entries()].filter(([, entry]) => entry.present).map(([name]) => name);
  }

  /**
   * Waits until a card is in the chosen reader (or any reader), connects to it and returns it.
   * A card already present counts. Rejects with CARD_WAIT_TIMEOUT, or READER_NOT_FOUND when a
   * named reader does not appear within the timeout.
   */
  async waitForCard(options: WaitForCardOptions = {}): Promise<PcscCard> {
    const name = await this.waitForPresentCard(options);
    return this.connect(name);
  }

  /** Waits until reader `name` contains no card (resolves at once when it is empty or gone). */
  waitForRemoval(name: string, timeoutMs: number): Promise<void> {
    if (this.entries.get(name)?.present !== true) {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const onRemoved = (removed: string): void => {
        if (removed !== name) return;
        clearTimeout(timer);
        this.off('card-removed', onRemoved);
        resolve();
      };

      const timer = setTimeout(() => {
        this.off('card-removed', onRemoved);
        reject(new PcscError('CARD_WAIT_TIMEOUT', `the card stayed in reader "${name}" for ${timeoutMs} ms; take it off the reader`, name));
      }, timeoutMs);

      this.on('card-removed', onRemoved);
    });
  }

  /** Connects to the card in reader `name`. */
  connect(name: string): Promise<PcscCard> {
    const entry = this.entries.get(name);

    if (entry === undefined) {
      return Promise.reject(new PcscError('READER_NOT_FOUND', `reader "${name}" is not connected; connected readers: ${this.describeReaders()}`, name));
    }

    return new Promise((resolve, reject) => {
      const reader = entry.reader;

      reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (error, protocol) => {
        if (error) {
          const detail = error instanceof Error ? error.message : String(error);
          reject(new PcscError('CARD_CONNECT_FAILED', `connecting to the card in reader "${name}" failed (${detail}); present the card again`, name, { cause: error }));
          return;
        }

        const transport = new PcscCardTransport(reader, protocol);
        entry.transports.add(transport);
        resolve({ readerName: name, atr: entry.atr, transport });
      });
    });
  }

  /** Closes the connection to pcscd and every reader handle. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    // A disconnect whose callback never comes (pcscd restarted or stuck) must not hang the caller.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_DISCONNECT_TIMEOUT_MS);
    });
    await Promise.race([Promise.all(entries.map((entry) => entry.disconnecting)), timeout]);
    clearTimeout(timer);

    for (const entry of entries) {
      entry.reader.close();
    }

    this.entries.clear();
    this.pcsc.close();
  }

  private describeReaders(): string {
    const names = this.readerNames();
    return names.length === 0 ? 'none' : names.map((name) => `"${name}"`).join(', ');
  }

  private matches(name: string, wanted: string | undefined): boolean {
    return wanted === undefined || name === wanted || name.includes(wanted);
  }

  private waitForPresentCard(options: WaitForCardOptions): Promise<string> {
    const ready = this.readersWithCard().find((name) => this.matches(name, options.reader));

    if (ready !== undefined) {
      return Promise.resolve(ready);
    }

    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;

      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.off('card-inserted', onCard);
        options.signal?.removeEventListener('abort', onAbort);
      };

      const onCard = (name: string): void => {
        if (!this.matches(name, options.reader)) return;
        cleanup();
        resolve(name);
      };

      const onAbort = (): void => {
        cleanup();
        reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error('waiting for a card was aborted'));
      };

      this.on('card-inserted', onCard);
      options.signal?.addEventListener('abort', onAbort, { once: true });

      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          cleanup();
          const wanted = options.reader;

          if (wanted !== undefined && !this.readerNames().some((name) => this.matches(name, wanted))) {
            reject(new PcscError('READER_NOT_FOUND', `no reader named "${wanted}" appeared within ${options.timeoutMs} ms; connected readers: ${this.describeReaders()}`, wanted));
            return;
          }

          reject(new PcscError('CARD_WAIT_TIMEOUT', `no card was presented to ${wanted === undefined ? 'any reader' : `reader "${wanted}"`} within ${options.timeoutMs} ms; place the card on the reader`, wanted));
        }, options.timeoutMs);
      }
    });
  }

  private track(reader: PcscReader): void {
    const entry: ReaderEntry = { reader, present: false, atr: new Uint8Array(0), transports: new Set(), disconnecting: Promise.resolve() };
    this.entries.set(reader.name, entry);
    this.emit('reader', reader.name);

    reader.on('status', (status) => {
      // MUTE: pcscd sees a card that does not answer the reset; treat it as absent.
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;

      if (present === entry.present) {
        return;
      }

      entry.present = present;

      if (present) {
        entry.atr = new Uint8Array(status.atr ?? []);
        this.emit('card-inserted', reader.name, entry.atr);
        return;
      }

      this.dropTransports(entry);
      // The handle must be released so that the next card can be connected.
      entry.disconnecting = new Promise((resolve) => reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve()));
      this.emit('card-removed', reader.name);
    });

    reader.on('end', () => {
      this.dropTransports(entry);
      this.entries.delete(reader.name);
      this.emit('reader-removed', reader.name);
    });

    reader.on('error', (error) => {
      const detail = error instanceof Error ? error.message : String(error);
      this.emit('error', new PcscError('TRANSMIT_FAILED', `reader "${reader.name}" reported an error: ${detail}`, reader.name, { cause: error }));
    });
  }

  private dropTransports(entry: ReaderEntry): void {
    for (const transport of entry.transports) {
      transport.markRemoved();
    }

    entry.transports.clear();
  }
}
