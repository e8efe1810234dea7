// The station's view of its readers: reader and card events, and waiting for a card. The PC/SC
// implementation uses pcsc-lite through src/pcsc; a vendor reader SDK would implement the same
// interface.
import type { CardTransport } from '../chip/iso7816/transport.js';
import { PcscContext } from '../pcsc/pcsc-context.js';

export type CardSlotEvent =
  | { type: 'readers'; readers: string[] }
  | { type: 'card-present'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string };

export interface ConnectedCard {
  readerName: string;
  transport: CardTransport;
  release(): Promise<void>;
}

export interface CardSlot {
  readerNames(): string[];
  onEvent(listener: (event: CardSlotEvent) => void): void;
  /** Waits for a card in `reader` (a name or part of one; null for any reader) and connects to it. */
  waitForCard(reader: string | null, timeoutMs: number, signal: AbortSignal): Promise<ConnectedCard>;
  close(): Promise<void>;
}

/** Readers through pcscd. */
export class PcscCardSlot implements CardSlot {
  private readonly context = new PcscContext();
  private readonly listeners: ((event: CardSlotEvent) => void)[] = [];

  constructor(onError: (error: Error) => void) {
    this.context.on('error', onError);
    const readers = (): void => this.emit({ type: 'readers', readers: this.context.readerNames() });
    this.context.on('reader', readers);
    this.context.on('reader-removed', readers);
    this.context.on('card-inserted', (reader, atr) => this.emit({ type: 'card-present', reader, atr }));
    this.context.on('card-removed', (reader) => this.emit({ type: 'card-removed', reader }));
  }

  readerNames(): string[] {
    return this.context.readerNames();
  }

  onEvent(listener: (event: CardSlotEvent) => void): void {
    this.listeners.push(listener);
  }

  async waitForCard(reader: string | null, timeoutMs: number, signal: AbortSignal): Promise<ConnectedCard> {
    const card = await this.context.waitForCard({ ...(reader === null ? {} : { reader }), timeoutMs, signal });
    return { readerName: card.readerName, transport: card.transport, release: () => card.transport.disconnect() };
  }

  close(): Promise<void> {
    return this.context.close();
  }

  private emit(event: CardSlotEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
