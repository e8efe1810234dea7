// Terminal side of active authentication: INTERNAL AUTHENTICATE with a caller-chosen nonce.
// The caller (ideally a server that chose the nonce) verifies the response with
// verifyActiveAuthentication.
import { ChipError } from '../errors.js';
import { internalAuthenticateCommand } from '../iso7816/commands.js';
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';

/** Sends INTERNAL AUTHENTICATE with `nonce` (8 bytes in Doc 9303) and returns the chip's signature. */
export async function performActiveAuthentication(channel: ApduChannel, nonce: Uint8Array): Promise<Uint8Array> {
  if (nonce.length === 0 || nonce.length > 255) {
    throw new ChipError('BAD_INPUT', `active authentication: the nonce has ${nonce.length} bytes; send 8 bytes`);
  }

  const command = internalAuthenticateCommand(nonce);
  return requireStatus(await channel.send(command), command, 'active authentication: INTERNAL AUTHENTICATE').data;
}
