// Card side of the vpcd socket protocol (vsmartcard's virtual PC/SC reader driver). The vpcd
// driver inside pcscd listens on TCP (127.0.0.1:35963 for reader "Virtual PCD 00 00", 35964 for
// "Virtual PCD 00 01"); a virtual card connects to it as a client. While the socket is open PC/SC
// reports a card in the reader, and closing it is a card removal.
// Framing: every message is a 2-byte big-endian length followed by that many bytes. A message of
// one byte is a control message (0 power off, 1 power on, 2 reset, 4 get ATR); any longer message
// is a command APDU, answered by one message with the response APDU.
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';

/** Default TCP port of the first vpcd reader slot. */
export const VPCD_DEFAULT_PORT = 35963;

/** Host that the vpcd driver listens on. */
export const VPCD_DEFAULT_HOST = '127.0.0.1';

const CONTROL_POWER_OFF = 0;
const CONTROL_POWER_ON = 1;
const CONTROL_RESET = 2;
const CONTROL_GET_ATR = 4;

const IPPROTO_TCP = 6;
const TCP_QUICKACK = 12;

type SetSockOpt = (socket: Socket, level: number, option: number, value: number) => void;

/**
 * Loads `setsockopt` from the optional package sockopt, or returns null where it is missing.
 * vpcd's driver writes each message's length and its bytes in two send() calls, so with Nagle's
 * algorithm on the driver's side and delayed ACKs on ours every APDU waits about 40 ms (Linux's
 * minimum delayed-ACK time). Re-arming TCP_QUICKACK after each read ACKs at once: measured here,
 * 100 READ BINARY through pcscd took 5 s without it and 22 ms with it.
 */
function loadSetSockOpt(): SetSockOpt | null {
  try {
    const require = createRequire(import.meta.url);
    return (require('sockopt') as { setsockopt: SetSockOpt }).setsockopt;
  } catch {
    return null;
  }
}

const setSockOpt = process.platform === 'linux' ? loadSetSockOpt() : null;

function acknowledgeNow(socket: Socket): void {
  if (setSockOpt === null) {
    return;
  }

  try {
    setSockOpt(socket, IPPROTO_TCP, TCP_QUICKACK, 1);
  } catch {
    // The socket closed between the read and this call; nothing is left to acknowledge.
  }
}

/** The card interface of the vpcd bridge. */
export interface VpcdCard {
  /** Answer to reset sent to the reader. */
  readonly atr: Uint8Array;
  /** Called on power on, power off and reset; a card drops its session state here. */
  reset(): void;
  /** Answers one command APDU with a response APDU (data and status word). */
  processApdu(command: Uint8Array): Promise<Uint8Array>;
}

export interface VpcdOptions {
  host?: string;
  port?: number;
  /** Time allowed for the TCP connection to pcscd's vpcd driver, in milliseconds. */
  connectTimeoutMs?: number;
}

/** A card inserted into a vpcd reader; `remove()` takes it out. */
export interface VpcdInsertion {
  readonly port: number;
  /** Resolves when the card has left the reader (removed or pcscd closed the socket). */
  readonly closed: Promise<void>;
  /** Takes the card out of the reader: closes the socket at once, even mid-APDU. */
  remove(): Promise<void>;
}

/** Splits a byte stream into vpcd messages. */
class VpcdFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Uint8Array[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Uint8Array[] = [];

    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);

      if (this.pending.length < 2 + length) {
        break;
      }

      messages.push(new Uint8Array(this.pending.subarray(2, 2 + length)));
      this.pending = this.pending.subarray(2 + length);
    }

    return messages;
  }
}

/** Frames `payload` as one vpcd message. */
export function encodeVpcdMessage(payload: Uint8Array): Buffer {
  if (payload.length > 0xffff) {
    throw new RangeError(`vpcd message of ${payload.length} bytes is longer than the 65535-byte maximum`);
  }

  const message = Buffer.alloc(2 + payload.length);
  message.writeUInt16BE(payload.length, 0);
  message.set(payload, 2);
  return message;
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`vpcd: connecting to ${host}:${port} timed out after ${timeoutMs} ms; is pcscd running with the vsmartcard-vpcd driver?`));
    }, timeoutMs);

    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });

    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`vpcd: cannot connect to ${host}:${port} (${error.message}); start pcscd (Debian packages pcscd and vsmartcard-vpcd)`, { cause: error }));
    });
  });
}

/**
 * Inserts `card` into the vpcd reader listening on `options.port` and answers the reader's
 * messages until `remove()` is called or pcscd closes the connection. APDUs are answered in
 * the order they arrive, one at a time, as a contact-less card does.
 */
export async function insertIntoVpcd(card: VpcdCard, options: VpcdOptions = {}): Promise<VpcdInsertion> {
  const host = options.host ?? VPCD_DEFAULT_HOST;
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const socket = await openSocket(host, port, options.connectTimeoutMs ?? 5000);
  const frames = new VpcdFrameReader();
  let queue: Promise<void> = Promise.resolve();
  let open = true;

  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      open = false;
      resolve();
    });
  });

  // A socket error (pcscd stopped) ends the insertion like a removal; `closed` reports it.
  socket.on('error', () => undefined);

  const answer = async (message: Uint8Array): Promise<void> => {
    if (message.length === 1) {
      const control = message[0];

      if (control === CONTROL_GET_ATR) {
        socket.write(encodeVpcdMessage(card.atr));
      } else if (control === CONTROL_POWER_OFF || control === CONTROL_POWER_ON || control === CONTROL_RESET) {
        card.reset();
      }

      return;
    }

    const response = await card.processApdu(message);

    if (open) {
      socket.write(encodeVpcdMessage(response));
    }
  };

  socket.on('data', (chunk: Buffer) => {
    acknowledgeNow(socket);

    for (const message of frames.push(chunk)) {
      queue = queue.then(() => answer(message)).catch(() => {
        // A card that throws is a card that stops answering: take it out of the reader.
        socket.destroy();
      });
    }
  });

  return {
    port,
    closed,
    async remove() {
      socket.destroy();
      await closed;
    },
  };
}
