// Chip side of chip authentication, for the virtual card. The terminal's ephemeral public key
// arrives in DO91 of MSE:Set KAT or DO80 of GENERAL AUTHENTICATE. With the chip's static private
// key it gives the secure messaging session that replaces the current one once the response has
// been sent. ECDH keys are curve scalars; DH keys are exponents in the DG14 domain parameters.
import { ChipError } from '../errors.js';
import { parseTlv, parseTlvList } from '../codec/tlv.js';
import { ecDomainByName } from '../pace/domain-parameters.js';
import { startSecureMessaging, type SecureMessaging } from '../sm/secure-messaging.js';
import { deriveChipAuthenticationKeys } from './keys.js';
import { chipAuthenticationSuite } from './oids.js';
import { encodeDhValue, validateDhPublicValue, type DhDomain } from './dh-key.js';
import { bytesToBigInt } from '../codec/bytes.js';
import { modPow } from '../pace/dh-groups.js';
import { derivePaceSessionKeys } from '../pace/ecdh-generic-mapping.js';

/** Returns the terminal ephemeral key of an MSE:Set KAT data field (DO91) or a GENERAL AUTHENTICATE one (7C { 80 }). */
export function terminalKeyFromCommandData(data: Uint8Array): Uint8Array {
  const objects = parseTlvList(data, { pathPrefix: 'chip authentication' });
  const kat = objects.find((node) => node.tag === 0x91);

  if (kat !== undefined) return kat.value;

  const dynamic = objects.length === 1 && objects[0]?.tag === 0x7c ? parseTlv(objects[0].encoded) : undefined;
  const key = dynamic?.children.find((node) => node.tag === 0x80);

  if (key === undefined) {
    throw new ChipError('CA_FAILED', 'chip authentication: the command carries no ephemeral public key (DO91 or 7C/80)', { step: 'chip authentication' });
  }

  return key.value;
}

/** Computes the chip's new session from its static private key on `curveName` (e.g. `brainpoolP256r1`). */
export function answerChipAuthentication(protocolOid: string, curveName: string, staticPrivateKey: bigint, terminalEphemeralPublicKey: Uint8Array): SecureMessaging {
  const suite = chipAuthenticationSuite(protocolOid);
  const domain = ecDomainByName(curveName);

  if (suite.agreement !== 'ECDH' || domain === undefined) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: ${suite.agreement} on ${curveName} is not supported by the chip side`);
  }

  const keys = deriveChipAuthenticationKeys(domain, staticPrivateKey, terminalEphemeralPublicKey, suite.keyAlgorithm);
  return startSecureMessaging(suite.keyAlgorithm, keys);
}

/** Computes the chip's new session for a DH key: the shared secret is t^x mod p padded to the length of p. */
export function answerChipAuthenticationDh(protocolOid: string, domain: DhDomain, staticPrivateKey: bigint, terminalEphemeralPublicKey: Uint8Array): SecureMessaging {
  const suite = chipAuthenticationSuite(protocolOid);

  if (suite.agreement !== 'DH') {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: ${protocolOid} is not a DH protocol`);
  }

  const terminalKey = validateDhPublicValue(domain, bytesToBigInt(terminalEphemeralPublicKey), 'the terminal ephemeral DH key');
  const keys = derivePaceSessionKeys(encodeDhValue(domain, modPow(terminalKey, staticPrivateKey, domain.p)), suite.keyAlgorithm);
  return startSecureMessaging(suite.keyAlgorithm, keys);
}
