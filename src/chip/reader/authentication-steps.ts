// The authentication steps after reading: chip authentication with the DG14 key, and active
// authentication with the caller's nonce.
import { ChipError } from '../errors.js';
import { performActiveAuthentication } from '../aa/perform.js';
import { performChipAuthentication } from '../ca/perform.js';
import { systemRandom } from '../crypto/random.js';
import { selectFileCommand } from '../iso7816/commands.js';
import { parseDg14 } from '../lds/dg14.js';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo } from '../lds/security-infos.js';
import { SecureChannel } from '../sm/secure-channel.js';
import { FILE_IDS } from './file-ids.js';
import type { ReadContext, StepOutcome } from './read-context.js';

/** Sends INTERNAL AUTHENTICATE with the caller's nonce and keeps the signature for the dump. */
export async function activeAuthentication(context: ReadContext): Promise<StepOutcome> {
  const nonce = context.options.activeAuthenticationNonce as Uint8Array;

  if (context.files.DG15 === undefined) {
    return { status: 'skipped', detail: 'DG15 was not read, so the chip has no active authentication key' };
  }

  const signature = await performActiveAuthentication(context.channel, nonce);
  context.activeAuthentication = { nonce: nonce.slice(), signature: signature.slice() };
  return { status: 'done', detail: `${signature.length}-byte signature` };
}

/** Runs chip authentication with the DG14 key and moves the read onto the new session. */
export async function chipAuthentication(context: ReadContext): Promise<StepOutcome> {
  const dg14 = context.files.DG14;

  if (dg14 === undefined) {
    return { status: 'skipped', detail: 'DG14 was not read, so the chip authentication key is unknown' };
  }

  const infos = parseDg14(dg14);
  const info = infos.find((entry): entry is ChipAuthenticationInfo => entry.kind === 'ChipAuthenticationInfo');
  const key = infos.find((entry): entry is ChipAuthenticationPublicKeyInfo => entry.kind === 'ChipAuthenticationPublicKeyInfo' && (info?.keyId === undefined || entry.keyId === info.keyId));

  if (info === undefined || key === undefined) {
    return { status: 'skipped', detail: 'DG14 has no ChipAuthenticationInfo with a matching public key' };
  }

  const random = context.options.random ?? systemRandom;
  const options = { protocolOid: info.protocol, publicKeyInfo: key.publicKeyInfo, random, ...(info.keyId === undefined ? {} : { keyId: info.keyId }) };
  const result = await performChipAuthentication(context.channel, options);
  context.channel = new SecureChannel(context.transport, result.secureMessaging, { observer: context.observer });

  // The chip proves that it has the DG14 private key by responding under the new session keys.
  const probe = selectFileCommand(FILE_IDS['EF.COM'] as number);
  const response = await context.channel.send(probe);

  if (response.sw !== 0x9000 && response.sw !== 0x6a82) {
    throw new ChipError('CA_FAILED', `chip authentication: the chip returned ${response.sw.toString(16).toUpperCase()} under the new session keys, so it did not prove the DG14 key`, { step: 'chip authentication' });
  }

  return { status: 'done', detail: info.protocol };
}
