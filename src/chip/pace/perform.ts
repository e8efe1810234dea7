// Terminal side of PACE with generic mapping (ECDH or DH) over a plain channel (ICAO Doc 9303
// Part 11 section 4.4). The terminal sends MSE:Set AT and four GENERAL AUTHENTICATE steps. Secure
// messaging then starts with the new session keys and an SSC of zero.
import { ChipError } from '../errors.js';
import { encodeTlv } from '../codec/tlv.js';
import { equalBytes } from '../codec/bytes.js';
import type { RandomSource } from '../crypto/random.js';
import { generalAuthenticateCommand, mseSetAtCommand } from '../iso7816/commands.js';
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';
import { startSecureMessaging, type SecureMessaging } from '../sm/secure-messaging.js';
import { mseSetAtPaceData, PACE_TAG, parseDynamicData, requireDataObject } from './dynamic-data.js';
import { decryptNonce, derivePaceSessionKeys, macPublicKeyDataObject } from './ecdh-generic-mapping.js';
import { paceKeyAgreement } from './key-agreement.js';
import { paceCipherSuite } from './oids.js';
import { derivePasswordKey, passwordReference, type PacePassword } from './password.js';

export interface PaceOptions {
  password: PacePassword;
  /** PACE protocol OID from a PACEInfo of EF.CardAccess. */
  protocolOid: string;
  /** Standardised domain parameter id from the same PACEInfo (13 = brainpoolP256r1 on CCCDs). */
  parameterId: number;
  random: RandomSource;
  /** Send the parameter id in MSE:Set AT (DO84). Default true: cards with several PACEInfos need it. */
  sendParameterId?: boolean;
}

export interface PaceResult {
  secureMessaging: SecureMessaging;
  /** The chip's ephemeral public key as encoded on the wire, e.g. for chip authentication identifiers. */
  chipEphemeralPublicKey: Uint8Array;
}

/** Runs PACE with ECDH or DH generic mapping; throws PACE_UNSUPPORTED for other mappings. */
export async function performPace(channel: ApduChannel, options: PaceOptions): Promise<PaceResult> {
  const suite = paceCipherSuite(options.protocolOid);
  const agreement = paceKeyAgreement(suite.mapping, options.parameterId);
  const algorithm = suite.keyAlgorithm;

  const setAt = mseSetAtCommand(mseSetAtPaceData(options.protocolOid, passwordReference(options.password), options.sendParameterId === false ? undefined : options.parameterId));
  requireStatus(await channel.send(setAt), setAt, 'PACE: MSE:Set AT');

  const encryptedNonce = requireDataObject(await authenticate(channel, new Uint8Array(0), false, 'PACE: encrypted nonce'), PACE_TAG.ENCRYPTED_NONCE, 'PACE: encrypted nonce');
  const nonce = decryptNonce(derivePasswordKey(options.password, algorithm), encryptedNonce, algorithm);

  const mappingKey = agreement.randomPrivateKey(options.random);
  const mappingPublic = agreement.publicKey(mappingKey, agreement.generator);
  const mapResponse = await authenticate(channel, encodeTlv(PACE_TAG.MAPPING_TERMINAL, mappingPublic), false, 'PACE: map nonce');
  const chipMappingKey = agreement.decodePublicKey(requireDataObject(mapResponse, PACE_TAG.MAPPING_CHIP, 'PACE: map nonce'), 'PACE: chip mapping key');
  const generator = agreement.mapGenerator(nonce, mappingKey, chipMappingKey);

  const ephemeralKey = agreement.randomPrivateKey(options.random);
  const ephemeralPublic = agreement.publicKey(ephemeralKey, generator);
  const agreeResponse = await authenticate(channel, encodeTlv(PACE_TAG.EPHEMERAL_TERMINAL, ephemeralPublic), false, 'PACE: key agreement');
  const chipEphemeralBytes = requireDataObject(agreeResponse, PACE_TAG.EPHEMERAL_CHIP, 'PACE: key agreement');
  const chipEphemeral = agreement.decodePublicKey(chipEphemeralBytes, 'PACE: chip ephemeral key');

  if (equalBytes(chipEphemeralBytes, ephemeralPublic)) {
    throw new ChipError('PACE_FAILED', 'PACE: the chip returned the terminal ephemeral public key as its own', { step: 'PACE: key agreement' });
  }

  const keys = derivePaceSessionKeys(agreement.sharedSecret(ephemeralKey, chipEphemeral), algorithm);
  const terminalToken = macPublicKeyDataObject(keys.ksMac, algorithm, agreement.publicKeyDataObject(options.protocolOid, chipEphemeralBytes));
  const tokenResponse = await authenticate(channel, encodeTlv(PACE_TAG.TOKEN_TERMINAL, terminalToken), true, 'PACE: mutual authentication');
  const chipToken = requireDataObject(tokenResponse, PACE_TAG.TOKEN_CHIP, 'PACE: mutual authentication');
  const expectedChipToken = macPublicKeyDataObject(keys.ksMac, algorithm, agreement.publicKeyDataObject(options.protocolOid, ephemeralPublic));

  if (!equalBytes(chipToken, expectedChipToken)) {
    throw new ChipError('PACE_FAILED', 'PACE: the chip authentication token does not verify; the card did not derive the same keys', { step: 'PACE: mutual authentication' });
  }

  return { secureMessaging: startSecureMessaging(algorithm, keys), chipEphemeralPublicKey: chipEphemeralBytes.slice() };
}

async function authenticate(channel: ApduChannel, dynamicData: Uint8Array, last: boolean, step: string) {
  const command = generalAuthenticateCommand(dynamicData, last);
  const response = await channel.send(command);

  if (response.sw === 0x6300 || response.sw >> 4 === 0x63c) {
    throw new ChipError('PACE_FAILED', `${step}: the card rejected the authentication (${response.sw.toString(16).toUpperCase()}); check the CAN or MRZ data`, { step, statusWord: response.sw.toString(16).toUpperCase() });
  }

  requireStatus(response, command, step);
  return parseDynamicData(response.data, step);
}
