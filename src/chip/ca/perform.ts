// Terminal side of chip authentication version 1 with ECDH or DH (ICAO Doc 9303 Part 11 section
// 6.2), run over a channel the terminal holds. The terminal sends an ephemeral public key on the
// chip's curve, with MSE:Set KAT (3DES) or with MSE:Set AT and GENERAL AUTHENTICATE (AES).
// Secure messaging then restarts with keys from the shared secret and an SSC of zero. The chip
// proves itself by responding under the new keys.
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';
import type { SecureMessaging } from '../sm/secure-messaging.js';
import { startTerminalChipAuthentication, type ChipAuthenticationOptions } from './terminal.js';

export type { ChipAuthenticationOptions } from './terminal.js';
export { mseSetAtChipAuthenticationCommand } from './terminal.js';

export interface ChipAuthenticationResult {
  secureMessaging: SecureMessaging;
  terminalEphemeralPublicKey: Uint8Array;
}

const COMMAND_NAMES: Record<number, string> = { 0x22: 'MSE', 0x86: 'GENERAL AUTHENTICATE' };

/** Runs chip authentication over the current (secure) channel and returns the new session. */
export async function performChipAuthentication(channel: ApduChannel, options: ChipAuthenticationOptions): Promise<ChipAuthenticationResult> {
  const run = startTerminalChipAuthentication(options);

  for (const command of run.commands) {
    const name = command.p2 === 0xa6 ? 'MSE:Set KAT' : command.ins === 0x22 ? 'MSE:Set AT' : (COMMAND_NAMES[command.ins] ?? 'command');
    requireStatus(await channel.send(command), command, `chip authentication: ${name}`);
  }

  return { secureMessaging: run.secureMessaging, terminalEphemeralPublicKey: run.ephemeralPublicKey };
}
