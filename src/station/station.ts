// The check-in station program. It keeps a WebSocket to the server (reconnecting with backoff),
// announces its readers and reports card events. For each read request it waits for a card,
// opens it with the keys given, reads the files, signs the server's nonce and sends back the
// raw bytes. For a chip without DG15 it then keeps the card's session open and relays the
// server's chip authentication. It decides nothing, because the server verifies everything.
import type { ApduChannel } from '../chip/iso7816/index.js';
import { cardDumpToJson } from '../chip/dump.js';
import { isPcscError } from '../pcsc/errors.js';
import WebSocket from 'ws';

import type { CardSlot, ConnectedCard } from './card-slot.js';
import {
  STATION_PROTOCOL_VERSION,
  type ChipAuthenticationRequestMessage,
  type ReadFailedMessage,
  type ReadRequestMessage,
  type ServerToStationMessage,
  type StationReadTimings,
  type StationToServerMessage,
} from './protocol.js';
import { KeyedReadError, readWithKeys } from './read-with-keys.js';
import { relayChipAuthentication } from './relay-chip-authentication.js';

export const STATION_VERSION = '0.1.0';

export interface StationLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface StationOptions {
  /** Server base URL, e.g. `https://exam.example.vn` or `http://127.0.0.1:8080`. */
  serverUrl: string;
  token: string;
  slot: CardSlot;
  /** Reader to use (name or part of it); null for any reader. */
  reader?: string | null;
  logger?: StationLogger;
  /** Reconnect backoff: first pause and largest pause, in milliseconds. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Called with each decision the server sends, for a light or a short text at the station. */
  onDecision?: (decision: Extract<ServerToStationMessage, { type: 'decision' }>) => void;
  /** Called when the server closed the connection for good (bad or revoked token, other protocol version). */
  onRejected?: (code: number, reason: string) => void;
}

const SILENT: StationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** WebSocket close codes after which reconnecting cannot help: the token is wrong or revoked, or the protocol differs. */
const FATAL_CLOSE_CODES = new Set([4001, 4003, 4401]);

export class Station {
  private socket: WebSocket | null = null;
  private welcomed = false;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly outbox: StationToServerMessage[] = [];
  private currentRead: { checkInId: string; abort: AbortController } | null = null;
  /** Settles when the last queued read has released its card. */
  private readsDone: Promise<void> = Promise.resolve();
  /** The card session kept open after a read, waiting for the server's chip authentication. */
  private sessionHold: { checkInId: string; end: (request: ChipAuthenticationRequestMessage | null) => void } | null = null;
  /** Readers whose present card was read already; a new check-in waits for the next card. */
  private readonly readCards = new Set<string>();
  private readonly logger: StationLogger;
  private readonly waiters = new Set<() => void>();
  stationId: string | null = null;
  roomName: string | null = null;

  constructor(private readonly options: StationOptions) {
    this.logger = options.logger ?? SILENT;
    options.slot.onEvent((event) => {
      if (event.type === 'card-removed') this.readCards.delete(event.reader);
      const message: StationToServerMessage = event.type === 'readers' ? { type: 'readers', readers: event.readers }
        : event.type === 'card-present' ? { type: 'card-present', reader: event.reader, atr: Buffer.from(event.atr).toString('hex') }
          : { type: 'card-removed', reader: event.reader };
      // Card events are live information: they are sent when connected and never queued.
      if (this.welcomed) this.sendNow(message);
    });
  }

  get connected(): boolean {
    return this.welcomed;
  }

  /** Connects and keeps reconnecting until stop(). */
  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves when the server has welcomed the station (or rejects after `timeoutMs`). */
  waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    if (this.welcomed) return Promise.resolve();

    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`the station did not connect to ${this.options.serverUrl} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.currentRead?.abort.abort(new Error('station stopping'));
    const socket = this.socket;

    if (socket !== null && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'station stopping');
      });
    }
  }

  /** Drops the connection as a network fault would; the station reconnects by itself. */
  dropConnection(): void {
    this.socket?.terminate();
  }

  private stationUrl(): string {
    const url = new URL('/api/checkin/station', this.options.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }

  private connect(): void {
    if (this.stopped) return;

    const socket = new WebSocket(this.stationUrl(), { headers: { authorization: `Bearer ${this.options.token}` } });
    this.socket = socket;

    socket.on('open', () => {
      this.sendNow({ type: 'hello', protocolVersion: STATION_PROTOCOL_VERSION, stationVersion: STATION_VERSION, readers: this.options.slot.readerNames() });
    });

    socket.on('message', (data) => this.onMessage(data.toString()));

    socket.on('close', (code, reason) => {
      this.welcomed = false;
      if (this.socket === socket) this.socket = null;

      if (FATAL_CLOSE_CODES.has(code)) {
        this.logger.error({ code, reason: reason.toString() }, 'the server closed the connection for good; check the station token and the program version');
        this.stopped = true;
        this.options.onRejected?.(code, reason.toString());
        return;
      }

      this.scheduleReconnect();
    });

    socket.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'station connection error');
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;

    const min = this.options.reconnectMinMs ?? 500;
    const max = this.options.reconnectMaxMs ?? 15_000;
    // Exponential backoff with full jitter, so a room of stations does not reconnect in step.
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.logger.info({ delayMs: Math.round(delay), attempt: this.attempt }, 'reconnecting to the server');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private sendNow(message: StationToServerMessage): boolean {
    const socket = this.socket;

    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      return false;
    }

    socket.send(JSON.stringify(message));
    return true;
  }

  /** Sends a check-in result now, or keeps it until the station is connected again. */
  private sendResult(message: StationToServerMessage): void {
    if (!this.welcomed || !this.sendNow(message)) {
      this.outbox.push(message);
    }
  }

  private flushOutbox(): void {
    while (this.outbox.length > 0 && this.welcomed) {
      const message = this.outbox[0] as StationToServerMessage;
      if (!this.sendNow(message)) return;
      this.outbox.shift();
    }
  }

  private onMessage(text: string): void {
    let message: ServerToStationMessage;

    try {
      message = JSON.parse(text) as ServerToStationMessage;
    } catch {
      this.logger.warn({}, 'the server sent a message that is not JSON');
      return;
    }

    switch (message.type) {
      case 'welcome':
        this.welcomed = true;
        this.attempt = 0;
        this.stationId = message.stationId;
        this.roomName = message.roomName;
        this.logger.info({ stationId: message.stationId, roomId: message.roomId }, 'connected to the server');
        this.flushOutbox();
        for (const waiter of this.waiters) waiter();
        this.waiters.clear();
        return;
      case 'read':
        this.queueRead(message);
        return;
      case 'chip-authentication':
        if (this.sessionHold?.checkInId === message.checkInId) {
          this.sessionHold.end(message);
        } else {
          this.sendResult({ type: 'chip-authentication-failed', checkInId: message.checkInId, failure: 'no-session', code: 'NO_SESSION', message: 'the station no longer has the card session of this check-in; start the check-in again' });
        }
        return;
      case 'cancel':
        if (this.currentRead?.checkInId === message.checkInId) this.currentRead.abort.abort(new Error('cancelled by the proctor'));
        return;
      case 'decision':
        if (this.sessionHold?.checkInId === message.checkInId) this.sessionHold.end(null);
        this.logger.info({ checkInId: message.checkInId, status: message.status, reason: message.reason }, 'decision received');
        this.options.onDecision?.(message);
        return;
      case 'error':
        this.logger.warn({ code: message.code, detail: message.message }, 'the server reported an error');
        return;
    }
  }

  /** Waits for a card that was not read yet: a card left on the reader from the last check-in must be taken off first. */
  private async waitForFreshCard(request: ReadRequestMessage, signal: AbortSignal): Promise<ConnectedCard> {
    const reader = request.reader ?? this.options.reader ?? null;
    const deadline = Date.now() + request.cardTimeoutMs;

    for (;;) {
      const card = await this.options.slot.waitForCard(reader, Math.max(1, deadline - Date.now()), signal);

      if (!this.readCards.has(card.readerName)) {
        return card;
      }

      await card.release();
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        const poll = setInterval(() => {
          if (!this.readCards.has(card.readerName)) {
            clearInterval(poll);
            signal.removeEventListener('abort', onAbort);
            resolve();
          }
        }, 50);
        signal.addEventListener('abort', () => {
          clearInterval(poll);
          onAbort();
        }, { once: true });
      });
    }
  }

  /**
   * Replaces the current read with a newer one. The newer read starts only once the older one has
   * released the card: a read already talking to a card runs to its end, and two reads talking to
   * one card at once would break each other's secure messaging.
   */
  private queueRead(request: ReadRequestMessage): void {
    this.currentRead?.abort.abort(new Error('replaced by a newer read request'));
    const abort = new AbortController();
    this.currentRead = { checkInId: request.checkInId, abort };
    const run = this.readsDone.then(() => this.runRead(request, abort));
    this.readsDone = run.catch(() => undefined);
  }

  private async runRead(request: ReadRequestMessage, abort: AbortController): Promise<void> {
    const started = performance.now();
    const timings: StationReadTimings = { waitForCardMs: 0, readMs: 0 };
    let card: ConnectedCard | null = null;

    try {
      card = await this.waitForFreshCard(request, abort.signal);
      timings.waitForCardMs = performance.now() - started;
      const readStarted = performance.now();
      const nonce = new Uint8Array(Buffer.from(request.activeAuthenticationNonce, 'hex'));
      const read = await readWithKeys(card.transport, request.keys, nonce, request.files);
      timings.readMs = performance.now() - readStarted;
      this.readCards.add(card.readerName);
      this.sendResult({ type: 'read-result', checkInId: request.checkInId, keyIndex: read.keyIndex, dump: cardDumpToJson(read.result.dump), steps: read.steps, timings, reader: card.readerName });

      // Without an active authentication signature the server proves the chip by chip authentication through this session.
      if (read.result.dump.activeAuthentication === undefined && (request.sessionHoldMs ?? 0) > 0) {
        await this.holdForChipAuthentication(request, read.result.channel, card.transport, abort.signal);
      }
    } catch (error) {
      if (abort.signal.aborted && this.currentRead?.checkInId !== request.checkInId) {
        return;
      }

      timings.readMs = card === null ? 0 : performance.now() - started - timings.waitForCardMs;
      if (card !== null) this.readCards.add(card.readerName);
      this.sendResult(this.failure(request, error, timings));
    } finally {
      await card?.release().catch(() => undefined);
      if (this.currentRead?.checkInId === request.checkInId) this.currentRead = null;
    }
  }

  /**
   * Keeps the card connected for up to `sessionHoldMs` until the server's chip authentication
   * request, a decision, a cancel or a newer read arrives, and relays the request.
   */
  private async holdForChipAuthentication(request: ReadRequestMessage, channel: ApduChannel, transport: ConnectedCard['transport'], signal: AbortSignal): Promise<void> {
    const relayRequest = await new Promise<ChipAuthenticationRequestMessage | null>((resolve) => {
      const end = (message: ChipAuthenticationRequestMessage | null): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.sessionHold?.end === end) this.sessionHold = null;
        resolve(message);
      };
      const onAbort = (): void => end(null);
      const timer = setTimeout(() => end(null), request.sessionHoldMs);

      signal.addEventListener('abort', onAbort, { once: true });
      this.sessionHold = { checkInId: request.checkInId, end };
    });

    if (relayRequest === null) {
      return;
    }

    const answer = await relayChipAuthentication(channel, transport, relayRequest);

    if (answer.type === 'chip-authentication-failed') {
      this.logger.warn({ checkInId: request.checkInId, code: answer.code, err: answer.message }, 'chip authentication relay failed');
    }

    this.sendResult(answer);
  }

  private failure(request: ReadRequestMessage, error: unknown, timings: StationReadTimings): ReadFailedMessage {
    const base = { type: 'read-failed' as const, checkInId: request.checkInId, timings };

    if (error instanceof KeyedReadError) {
      const removed = error.cause !== undefined && isPcscError(error.cause, 'CARD_REMOVED');
      return { ...base, failure: removed ? 'card-removed' : error.kind, code: error.code, message: error.message, keysTried: error.keysTried, steps: error.steps };
    }

    if (isPcscError(error, 'CARD_WAIT_TIMEOUT') || isPcscError(error, 'READER_NOT_FOUND')) {
      return { ...base, failure: 'no-card', code: error.code, message: error.message, keysTried: 0, steps: [] };
    }

    if (isPcscError(error)) {
      return { ...base, failure: error.code === 'CARD_REMOVED' ? 'card-removed' : 'read-error', code: error.code, message: error.message, keysTried: 0, steps: [] };
    }

    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ checkInId: request.checkInId, err: message }, 'card read failed');
    return { ...base, failure: 'read-error', code: error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'READ_FAILED', message, keysTried: 0, steps: [] };
  }
}
