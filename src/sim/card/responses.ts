// Response helpers of the virtual card, on the chip library's APDU types.
import type { ResponseApdu } from '../../chip/iso7816/apdu.js';

/** A response of `sw` with optional data. */
export function respond(sw: number, data: Uint8Array = new Uint8Array(0)): ResponseApdu {
  return { data, sw };
}

/** A decoded command as the card handles it: the plain command and whether Ne needs extended length. */
export interface CardCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected response length; 0 when the command had no Le. */
  ne: number;
  extended: boolean;
}
