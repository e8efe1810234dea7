// The station's part of chip authentication through the station. The server sends plain
// commands, which the station sends inside the secure messaging session of its read, and one
// command already protected under keys only the server has, which the station transmits
// unchanged. The station returns the card's responses and decides nothing.
import { fromHex, toHex } from '../chip/codec/bytes.js';
import { decodeCommandApdu, type ApduChannel } from '../chip/iso7816/index.js';
import type { CardTransport } from '../chip/iso7816/transport.js';
import { isPcscError } from '../pcsc/errors.js';
import type { ChipAuthenticationFailedMessage, ChipAuthenticationRequestMessage, ChipAuthenticationResultMessage } from './protocol.js';

/**
 * Sends the request's commands through `channel` (the read's session), stopping at the first
 * status word other than 9000, then transmits the protected command through `transport`.
 */
export async function relayChipAuthentication(channel: ApduChannel, transport: CardTransport, request: ChipAuthenticationRequestMessage): Promise<ChipAuthenticationResultMessage | ChipAuthenticationFailedMessage> {
  const started = performance.now();
  const statusWords: string[] = [];
  const answer = (protectedResponse: string): ChipAuthenticationResultMessage => ({
    type: 'chip-authentication-result', checkInId: request.checkInId, statusWords, protectedResponse, durationMs: performance.now() - started,
  });

  try {
    for (const command of request.commands) {
      const response = await channel.send(decodeCommandApdu(fromHex(command)));
      statusWords.push(response.sw.toString(16).toUpperCase().padStart(4, '0'));

      if (response.sw !== 0x9000) {
        return answer('');
      }
    }

    return answer(toHex(await transport.transmit(fromHex(request.protectedCommand))));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'RELAY_FAILED';
    const message = error instanceof Error ? error.message : String(error);

    return { type: 'chip-authentication-failed', checkInId: request.checkInId, failure: isPcscError(error, 'CARD_REMOVED') ? 'card-removed' : 'read-error', code, message };
  }
}
