// Chip side of PACE with generic mapping (ECDH or DH), as a state machine over the GENERAL
// AUTHENTICATE data the terminal sends. It does no I/O, so a virtual card can drive it.
import { ChipError } from '../errors.js';
import { equalBytes } from '../codec/bytes.js';
import { encodeTlv } from '../codec/tlv.js';
import type { RandomSource } from '../crypto/random.js';
import { startSecureMessaging, type SecureMessaging } from '../sm/secure-messaging.js';
import { PACE_TAG, parseDynamicData, requireDataObject } from './dynamic-data.js';
import { derivePaceSessionKeys, encryptNonce, macPublicKeyDataObject, nonceLength } from './ecdh-generic-mapping.js';
import { paceKeyAgreement, type PaceKeyAgreement } from './key-agreement.js';
import { paceCipherSuite, type PaceCipherSuite } from './oids.js';
import { derivePasswordKey, type PacePassword } from './password.js';

export interface PaceChipConfig {
  password: PacePassword;
  protocolOid: string;
  parameterId: number;
  random: RandomSource;
}

type Stage = 'nonce' | 'map' | 'agree' | 'token' | 'done';

/** One PACE run on the chip. Every method throws PACE_FAILED on bad input; the card then returns 6300. */
export class PaceChip {
  readonly #suite: PaceCipherSuite;
  readonly #agreement: PaceKeyAgreement<unknown>;
  readonly #config: PaceChipConfig;
  #stage: Stage = 'nonce';
  #nonce: Uint8Array = new Uint8Array(0);
  #generator: unknown = null;
  #ephemeralKey = 0n;
  #ephemeralPublic: Uint8Array = new Uint8Array(0);
  #terminalEphemeral: Uint8Array = new Uint8Array(0);
  #keys: { ksEnc: Uint8Array; ksMac: Uint8Array } | null = null;

  constructor(config: PaceChipConfig) {
    this.#suite = paceCipherSuite(config.protocolOid);
    this.#agreement = paceKeyAgreement(this.#suite.mapping, config.parameterId);
    this.#config = config;
  }

  /** True after the terminal token verified. */
  get established(): boolean {
    return this.#stage === 'done';
  }

  /** Processes one GENERAL AUTHENTICATE: takes the command data (7C ...) and returns the response data (7C ...). */
  respond(commandData: Uint8Array): Uint8Array {
    const step = `PACE chip: ${this.#stage}`;
    const children = parseDynamicData(commandData, step);

    switch (this.#stage) {
      case 'nonce':
        return this.#sendNonce(children.length, step);
      case 'map':
        return this.#map(requireDataObject(children, PACE_TAG.MAPPING_TERMINAL, step));
      case 'agree':
        return this.#agree(requireDataObject(children, PACE_TAG.EPHEMERAL_TERMINAL, step));
      case 'token':
        return this.#token(requireDataObject(children, PACE_TAG.TOKEN_TERMINAL, step));
      case 'done':
        throw new ChipError('PACE_FAILED', 'PACE chip: GENERAL AUTHENTICATE after PACE finished', { step });
    }
  }

  /** Creates the chip's secure messaging session; throws until PACE has finished. */
  secureMessaging(): SecureMessaging {
    if (this.#stage !== 'done' || this.#keys === null) {
      throw new ChipError('PACE_FAILED', 'PACE chip: the session keys are not agreed yet');
    }

    return startSecureMessaging(this.#suite.keyAlgorithm, this.#keys);
  }

  #sendNonce(childCount: number, step: string): Uint8Array {
    if (childCount !== 0) {
      throw new ChipError('PACE_FAILED', `${step}: the first GENERAL AUTHENTICATE must carry an empty 7C`, { step });
    }

    const algorithm = this.#suite.keyAlgorithm;
    this.#nonce = this.#config.random(nonceLength(algorithm));
    const encrypted = encryptNonce(derivePasswordKey(this.#config.password, algorithm), this.#nonce, algorithm);
    this.#stage = 'map';
    return encodeTlv(0x7c, encodeTlv(PACE_TAG.ENCRYPTED_NONCE, encrypted));
  }

  #map(terminalMappingBytes: Uint8Array): Uint8Array {
    const terminalMapping = this.#agreement.decodePublicKey(terminalMappingBytes, 'PACE chip: terminal mapping key');
    const mappingKey = this.#agreement.randomPrivateKey(this.#config.random);
    this.#generator = this.#agreement.mapGenerator(this.#nonce, mappingKey, terminalMapping);
    this.#stage = 'agree';
    return encodeTlv(0x7c, encodeTlv(PACE_TAG.MAPPING_CHIP, this.#agreement.publicKey(mappingKey, this.#agreement.generator)));
  }

  #agree(terminalEphemeralBytes: Uint8Array): Uint8Array {
    const terminalEphemeral = this.#agreement.decodePublicKey(terminalEphemeralBytes, 'PACE chip: terminal ephemeral key');
    this.#ephemeralKey = this.#agreement.randomPrivateKey(this.#config.random);
    this.#ephemeralPublic = this.#agreement.publicKey(this.#ephemeralKey, this.#generator);
    this.#terminalEphemeral = terminalEphemeralBytes.slice();

    if (equalBytes(this.#ephemeralPublic, this.#terminalEphemeral)) {
      throw new ChipError('PACE_FAILED', 'PACE chip: the terminal ephemeral key equals the chip ephemeral key');
    }

    this.#keys = derivePaceSessionKeys(this.#agreement.sharedSecret(this.#ephemeralKey, terminalEphemeral), this.#suite.keyAlgorithm);
    this.#stage = 'token';
    return encodeTlv(0x7c, encodeTlv(PACE_TAG.EPHEMERAL_CHIP, this.#ephemeralPublic));
  }

  #token(terminalToken: Uint8Array): Uint8Array {
    const keys = this.#keys as { ksEnc: Uint8Array; ksMac: Uint8Array };
    const algorithm = this.#suite.keyAlgorithm;
    const expected = macPublicKeyDataObject(keys.ksMac, algorithm, this.#agreement.publicKeyDataObject(this.#config.protocolOid, this.#ephemeralPublic));

    if (!equalBytes(expected, terminalToken)) {
      throw new ChipError('PACE_FAILED', 'PACE chip: the terminal authentication token does not verify (wrong password)', { step: 'PACE chip: token' });
    }

    this.#stage = 'done';
    const token = macPublicKeyDataObject(keys.ksMac, algorithm, this.#agreement.publicKeyDataObject(this.#config.protocolOid, this.#terminalEphemeral));
    return encodeTlv(0x7c, encodeTlv(PACE_TAG.TOKEN_CHIP, token));
  }
}
