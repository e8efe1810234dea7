// A card slot driven by code, where a caller presents and removes cards as transports. Tests
// and the benchmark use it with virtual cards in the same process. A vendor reader SDK that
// hands over an APDU channel can use it too.
import type { CardTransport } from '../chip/iso7816/transport.js';
import { PcscError } from '../pcsc/errors.js';
import type { CardSlot, CardSlotEvent, ConnectedCard } from './card-slot.js';

export class ManualCardSlot implements CardSlot {
  private readonly cards = new Map<string, CardTransport>();
  private readonly listeners: ((event: CardSlotEvent) => void)[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly readers: string[] = ['Manual reader 0']) {}

  readerNames(): string[] {
    return [...this.readers];
  }

  onEvent(listener: (event: CardSlotEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Puts a card on a reader (the first reader by default). */
  present(transport: CardTransport, reader: string = this.readers[0] as string): void {
    this.cards.set(reader, transport);
    this.emit({ type: 'card-present', reader, atr: new Uint8Array(0) });
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Takes the card off a reader. */
  remove(reader: string = this.readers[0] as string): void {
    if (!this.cards.delete(reader)) return;
    this.emit({ type: 'card-removed', reader });
  }

  waitForCard(reader: string | null, timeoutMs: number, signal: AbortSignal): Promise<ConnectedCard> {
    const find = (): ConnectedCard | null => {
      for (const [name, transport] of this.cards) {
        if (reader === null || name.includes(reader)) return { readerName: name, transport, release: async () => undefined };
      }
      return null;
    };

    const ready = find();
    if (ready !== null) return Promise.resolve(ready);

    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal.removeEventListener('abort', onAbort);
      };
      const check = (): void => {
        const card = find();
        if (card === null) return;
        cleanup();
        resolve(card);
      };
      const onAbort = (): void => {
        cleanup();
        reject(signal.reason instanceof Error ? signal.reason : new Error('waiting for a card was aborted'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PcscError('CARD_WAIT_TIMEOUT', `no card was presented within ${timeoutMs} ms; place the card on the reader`, reader ?? undefined));
      }, timeoutMs);

      this.waiters.add(check);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async close(): Promise<void> {
    this.cards.clear();
  }

  private emit(event: CardSlotEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
