// Terminal side of chip authentication version 1 with ECDH or DH (ICAO Doc 9303 Part 11 section
// 6.2). The terminal sends an ephemeral public key on the chip's curve, with MSE:Set KAT (3DES)
// or with MSE:Set AT and GENERAL AUTHENTICATE (AES). Secure messaging then restarts with keys
// from the shared secret and an SSC of zero. The chip proves itself by responding under the new keys.
import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import { encodeTlv } from '../codec/tlv.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';
import type { RandomSource } from '../crypto/random.js';
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';
import { generalAuthenticateCommand, mseSetKatCommand, INS } from '../iso7816/commands.js';
import type { CommandApdu } from '../iso7816/apdu.js';
import { encodePoint, randomPrivateKey } from '../pace/domain-parameters.js';
import { encodeOidContent } from '../pace/oids.js';
import { startSecureMessaging, type SecureMessaging } from '../sm/secure-messaging.js';
import { deriveChipAuthenticationKeys, readChipAuthenticationKey } from './keys.js';
import { encodeDhValue, randomDhPrivateKey, readDhChipAuthenticationKey } from './dh-key.js';
import { modPow } from '../pace/dh-groups.js';
import { derivePaceSessionKeys } from '../pace/ecdh-generic-mapping.js';
import { chipAuthenticationSuite } from './oids.js';

export interface ChipAuthenticationOptions {
  /** Protocol OID of the ChipAuthenticationInfo in DG14. */
  protocolOid: string;
  /** SubjectPublicKeyInfo DER of the ChipAuthenticationPublicKeyInfo in DG14. */
  publicKeyInfo: Uint8Array;
  /** Key id when DG14 contains several chip authentication keys. */
  keyId?: number;
  random: RandomSource;
}

export interface ChipAuthenticationResult {
  secureMessaging: SecureMessaging;
  terminalEphemeralPublicKey: Uint8Array;
}

/** MSE:Set AT for chip authentication (P1 41, P2 A4). */
export function mseSetAtChipAuthenticationCommand(protocolOid: string, keyId?: number): CommandApdu {
  const parts = [encodeTlv(0x80, encodeOidContent(protocolOid))];

  if (keyId !== undefined) parts.push(encodeTlv(0x84, Uint8Array.of(keyId)));

  return { cla: 0x00, ins: INS.MANAGE_SECURITY_ENVIRONMENT, p1: 0x41, p2: 0xa4, data: concatBytes(...parts) };
}

interface Agreement {
  ephemeralPublic: Uint8Array;
  keys: { ksEnc: Uint8Array; ksMac: Uint8Array };
}

function agreeEcdh(options: ChipAuthenticationOptions, algorithm: KeyAlgorithm): Agreement {
  const chipKey = readChipAuthenticationKey(options.publicKeyInfo);
  const privateKey = randomPrivateKey(chipKey.domain, options.random);

  return {
    ephemeralPublic: encodePoint(chipKey.domain.Point.BASE.multiply(privateKey)),
    keys: deriveChipAuthenticationKeys(chipKey.domain, privateKey, encodePoint(chipKey.point), algorithm),
  };
}

function agreeDh(options: ChipAuthenticationOptions, algorithm: KeyAlgorithm): Agreement {
  const chipKey = readDhChipAuthenticationKey(options.publicKeyInfo);

  if (chipKey === null) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: ${options.protocolOid} is DH but the DG14 key is not a DH key`, { step: 'chip authentication', file: 'DG14' });
  }

  const { domain } = chipKey;
  const privateKey = randomDhPrivateKey(domain, options.random);

  return {
    ephemeralPublic: encodeDhValue(domain, modPow(domain.g, privateKey, domain.p)),
    keys: derivePaceSessionKeys(encodeDhValue(domain, modPow(chipKey.publicValue, privateKey, domain.p)), algorithm),
  };
}

/** Sends the ephemeral key: MSE:Set KAT for 3DES, MSE:Set AT and GENERAL AUTHENTICATE for AES. */
async function sendEphemeralKey(channel: ApduChannel, options: ChipAuthenticationOptions, tripleDes: boolean, ephemeralPublic: Uint8Array): Promise<void> {
  if (tripleDes) {
    const keyParts = [encodeTlv(0x91, ephemeralPublic)];

    if (options.keyId !== undefined) keyParts.push(encodeTlv(0x84, Uint8Array.of(options.keyId)));

    const command = mseSetKatCommand(concatBytes(...keyParts));
    requireStatus(await channel.send(command), command, 'chip authentication: MSE:Set KAT');
    return;
  }

  const setAt = mseSetAtChipAuthenticationCommand(options.protocolOid, options.keyId);
  requireStatus(await channel.send(setAt), setAt, 'chip authentication: MSE:Set AT');

  const authenticate = generalAuthenticateCommand(encodeTlv(0x80, ephemeralPublic), true);
  requireStatus(await channel.send(authenticate), authenticate, 'chip authentication: GENERAL AUTHENTICATE');
}

/** Runs chip authentication over the current (secure) channel and returns the new session. */
export async function performChipAuthentication(channel: ApduChannel, options: ChipAuthenticationOptions): Promise<ChipAuthenticationResult> {
  const suite = chipAuthenticationSuite(options.protocolOid);

  const { ephemeralPublic, keys } = suite.agreement === 'DH' ? agreeDh(options, suite.keyAlgorithm) : agreeEcdh(options, suite.keyAlgorithm);

  await sendEphemeralKey(channel, options, suite.keyAlgorithm === 'DESede', ephemeralPublic);
  return {
    secureMessaging: startSecureMessaging(suite.keyAlgorithm, keys),
    terminalEphemeralPublicKey: ephemeralPublic,
  };
}
