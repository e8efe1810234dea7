// Terminal side of chip authentication version 1 (ICAO Doc 9303 Part 11) as pure functions.
// They draw the terminal's ephemeral key on the chip's domain parameters, build the commands
// that carry it, and derive the session keys the chip switches to. A terminal that does not
// hold the card (a server behind a relay) uses them directly: the relay sends the commands
// inside its own secure messaging session, and only the terminal has the new keys.
import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import { encodeTlv } from '../codec/tlv.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';
import type { RandomSource } from '../crypto/random.js';
import type { CommandApdu } from '../iso7816/apdu.js';
import { generalAuthenticateCommand, INS, mseSetKatCommand } from '../iso7816/commands.js';
import { modPow } from '../pace/dh-groups.js';
import { encodePoint, randomPrivateKey } from '../pace/domain-parameters.js';
import { derivePaceSessionKeys } from '../pace/ecdh-generic-mapping.js';
import { encodeOidContent } from '../pace/oids.js';
import { startSecureMessaging, type SecureMessaging } from '../sm/secure-messaging.js';
import { encodeDhValue, randomDhPrivateKey, readDhChipAuthenticationKey } from './dh-key.js';
import { computeChipAuthenticationSecret, readChipAuthenticationKey } from './keys.js';
import { chipAuthenticationSuite, type ChipAuthenticationSuite } from './oids.js';

export interface ChipAuthenticationOptions {
  /** Protocol OID of the ChipAuthenticationInfo in DG14. */
  protocolOid: string;
  /** SubjectPublicKeyInfo DER of the ChipAuthenticationPublicKeyInfo in DG14. */
  publicKeyInfo: Uint8Array;
  /** Key id when DG14 contains several chip authentication keys. */
  keyId?: number;
  random: RandomSource;
}

/** One run of chip authentication on the terminal side, before any command was sent. */
export interface TerminalChipAuthentication {
  suite: ChipAuthenticationSuite;
  /** Ephemeral public key sent to the chip: an uncompressed point, or a DH value padded to the length of p. */
  ephemeralPublicKey: Uint8Array;
  /** Plain commands that carry the ephemeral key, in the order the chip expects them. */
  commands: CommandApdu[];
  /** The terminal end of the session the chip starts after the last command (SSC zero). */
  secureMessaging: SecureMessaging;
}

/** MSE:Set AT for chip authentication (P1 41, P2 A4). */
export function mseSetAtChipAuthenticationCommand(protocolOid: string, keyId?: number): CommandApdu {
  const parts = [encodeTlv(0x80, encodeOidContent(protocolOid))];

  if (keyId !== undefined) parts.push(encodeTlv(0x84, Uint8Array.of(keyId)));

  return { cla: 0x00, ins: INS.MANAGE_SECURITY_ENVIRONMENT, p1: 0x41, p2: 0xa4, data: concatBytes(...parts) };
}

/**
 * Builds the commands that send the ephemeral public key: MSE:Set KAT (DO91, and DO84 with a key
 * id) for 3DES suites, else MSE:Set AT then GENERAL AUTHENTICATE with 7C { 80 key }.
 */
export function chipAuthenticationCommands(protocolOid: string, ephemeralPublicKey: Uint8Array, keyId?: number): CommandApdu[] {
  const suite = chipAuthenticationSuite(protocolOid);

  if (suite.keyAlgorithm === 'DESede') {
    const parts = [encodeTlv(0x91, ephemeralPublicKey)];

    if (keyId !== undefined) parts.push(encodeTlv(0x84, Uint8Array.of(keyId)));

    return [mseSetKatCommand(concatBytes(...parts))];
  }

  return [mseSetAtChipAuthenticationCommand(protocolOid, keyId), generalAuthenticateCommand(encodeTlv(0x80, ephemeralPublicKey), true)];
}

/**
 * Derives KSenc and KSmac from the shared secret with the key derivation function of Doc 9303
 * Part 11, which chip authentication and PACE share.
 */
export function deriveChipAuthenticationSessionKeys(sharedSecret: Uint8Array, algorithm: KeyAlgorithm): { ksEnc: Uint8Array; ksMac: Uint8Array } {
  return derivePaceSessionKeys(sharedSecret, algorithm);
}

interface Agreement {
  ephemeralPublicKey: Uint8Array;
  sharedSecret: Uint8Array;
}

function agreeEcdh(options: ChipAuthenticationOptions): Agreement {
  const chipKey = readChipAuthenticationKey(options.publicKeyInfo);
  const privateKey = randomPrivateKey(chipKey.domain, options.random);

  return {
    ephemeralPublicKey: encodePoint(chipKey.domain.Point.BASE.multiply(privateKey)),
    sharedSecret: computeChipAuthenticationSecret(chipKey.domain, privateKey, encodePoint(chipKey.point)),
  };
}

function agreeDh(options: ChipAuthenticationOptions): Agreement {
  const chipKey = readDhChipAuthenticationKey(options.publicKeyInfo);

  if (chipKey === null) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: ${options.protocolOid} is DH but the DG14 key is not a DH key`, { step: 'chip authentication', file: 'DG14' });
  }

  const { domain } = chipKey;
  const privateKey = randomDhPrivateKey(domain, options.random);

  return {
    ephemeralPublicKey: encodeDhValue(domain, modPow(domain.g, privateKey, domain.p)),
    sharedSecret: encodeDhValue(domain, modPow(chipKey.publicValue, privateKey, domain.p)),
  };
}

/** Draws the ephemeral key on the DG14 key's domain parameters and prepares the commands and the new session. */
export function startTerminalChipAuthentication(options: ChipAuthenticationOptions): TerminalChipAuthentication {
  const suite = chipAuthenticationSuite(options.protocolOid);
  const agreement = suite.agreement === 'DH' ? agreeDh(options) : agreeEcdh(options);
  const keys = deriveChipAuthenticationSessionKeys(agreement.sharedSecret, suite.keyAlgorithm);

  return {
    suite,
    ephemeralPublicKey: agreement.ephemeralPublicKey,
    commands: chipAuthenticationCommands(options.protocolOid, agreement.ephemeralPublicKey, options.keyId),
    secureMessaging: startSecureMessaging(suite.keyAlgorithm, keys),
  };
}
