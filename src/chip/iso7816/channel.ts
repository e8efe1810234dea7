// An APDU channel sends structured commands and returns structured responses. The plain channel
// encodes them for a transport; the secure messaging channel (src/chip/sm) wraps and unwraps them.
import { ChipError } from '../errors.js';
import { commandHeaderHex, decodeResponseApdu, encodeCommandApdu, type CommandApdu, type ResponseApdu } from './apdu.js';
import { describeStatusWord, statusWordHex } from './status-words.js';
import type { CardTransport } from './transport.js';

export interface ApduChannel {
  send(command: CommandApdu): Promise<ResponseApdu>;
}

/** A listener that sees every APDU pair on the wire, e.g. to count them or to build a trace. */
export type ApduObserver = (command: Uint8Array, response: Uint8Array, elapsedMs: number) => void;

/** Channel without secure messaging. */
export class PlainChannel implements ApduChannel {
  constructor(
    private readonly transport: CardTransport,
    private readonly observer?: ApduObserver,
  ) {}

  /** Sends `command`, in extended length only when its data or Ne needs it. */
  async send(command: CommandApdu): Promise<ResponseApdu> {
    const response = await transmitObserved(this.transport, encodeCommandApdu(command), this.observer);
    return decodeResponseApdu(response);
  }
}

/** Sends raw bytes through `transport`, reporting the pair to `observer`; wraps transport failures. */
export async function transmitObserved(transport: CardTransport, command: Uint8Array, observer?: ApduObserver): Promise<Uint8Array> {
  const started = performance.now();
  let response: Uint8Array;

  try {
    response = await transport.transmit(command);
  } catch (error) {
    if (error instanceof ChipError) throw error;

    const header = commandHeaderHex({ cla: command[0] ?? 0, ins: command[1] ?? 0, p1: command[2] ?? 0, p2: command[3] ?? 0 });
    throw new ChipError('CARD_TRANSPORT', `transport failed while sending command ${header}: ${error instanceof Error ? error.message : String(error)}; check that the card is still on the reader`, { command: header }, { cause: error });
  }

  observer?.(command, response, performance.now() - started);
  return response;
}

/** Throws CARD_STATUS unless the response's status word is one of `accepted` (default 9000). */
export function requireStatus(response: ResponseApdu, command: CommandApdu, step: string, accepted: readonly number[] = [0x9000]): ResponseApdu {
  if (accepted.includes(response.sw)) {
    return response;
  }

  const sw = statusWordHex(response.sw);
  const header = commandHeaderHex(command);

  throw new ChipError('CARD_STATUS', `${step}: command ${header} returned ${sw} (${describeStatusWord(response.sw)}), expected ${accepted.map(statusWordHex).join(' or ')}`, {
    step,
    statusWord: sw,
    command: header,
  });
}
