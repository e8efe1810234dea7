// The server as the terminal of chip authentication through a station, for chips without DG15.
// The server draws an ephemeral key on the curve or group of the chip's DG14 key and sends the
// station the plain commands that carry it. The station sends them inside its own secure
// messaging session, so the chip switches to keys derived from a secret that only the server
// and the chip holding the DG14 private key can compute. The server also sends a READ BINARY
// of DG14 already protected under those keys. The station transmits it unchanged and returns
// the raw response. The chip passes only when that response carries a valid MAC and the DG14
// bytes of the dump. A replayed dump has no chip to respond, and a clone without the private key
// cannot compute the MAC.
import { toHex } from '../../chip/codec/bytes.js';
import { startTerminalChipAuthentication } from '../../chip/ca/index.js';
import type { RandomSource } from '../../chip/crypto/random.js';
import { isChipError } from '../../chip/errors.js';
import { encodeCommandApdu, readBinaryShortFileCommand } from '../../chip/iso7816/index.js';
import type { SecureMessaging } from '../../chip/sm/index.js';
import type { ChipAuthenticationRequestMessage, ChipAuthenticationResultMessage } from '../../station/protocol.js';
import { CHIP_AUTHENTICATION_CHECK, type ChipAuthenticationKey } from './verify-check-in.js';

/** Short EF identifier of DG14 (Doc 9303 Part 10). */
const DG14_SHORT_FILE_ID = 0x0e;
/** Bytes of DG14 that the protected READ BINARY requests. */
export const PROBE_LENGTH = 16;

/** The verdict on a run: passed, or the refusal reason with the stored id of the failed check. */
export type RelayOutcome = { passed: true } | { passed: false; reason: 'clone_suspected' | 'no_readable_card'; checkId: string; detail: string };

/** One chip authentication run through a station; it keeps the only copy of the new session keys. */
export class ChipAuthenticationRelay {
  readonly request: Omit<ChipAuthenticationRequestMessage, 'type' | 'checkInId'>;
  readonly #session: SecureMessaging;
  readonly #expected: Uint8Array;

  private constructor(commands: Uint8Array[], protectedCommand: Uint8Array, session: SecureMessaging, expected: Uint8Array) {
    this.request = { commands: commands.map(toHex), protectedCommand: toHex(protectedCommand) };
    this.#session = session;
    this.#expected = expected;
  }

  /**
   * Starts a run for `key` of a DG14 whose hash passive authentication verified. Throws a
   * ChipError (CA_UNSUPPORTED) when the key's curve, group or protocol is not supported.
   */
  static start(key: ChipAuthenticationKey, dg14: Uint8Array, random: RandomSource): ChipAuthenticationRelay {
    const run = startTerminalChipAuthentication({ ...key, random });
    const expected = dg14.slice(0, Math.min(PROBE_LENGTH, dg14.length));
    const probe = run.secureMessaging.protectCommand(readBinaryShortFileCommand(DG14_SHORT_FILE_ID, 0, expected.length));

    return new ChipAuthenticationRelay(run.commands.map((command) => encodeCommandApdu(command)), probe, run.secureMessaging, expected);
  }

  /** Checks the station's response: every command accepted, then a MAC-protected 9000 with the DG14 bytes. */
  verify(result: Pick<ChipAuthenticationResultMessage, 'statusWords' | 'protectedResponse'>): RelayOutcome {
    const statusWords = Array.isArray(result.statusWords) ? result.statusWords.map(String) : [];

    if (statusWords.length !== this.request.commands.length || statusWords.some((sw) => sw.toUpperCase() !== '9000')) {
      return { passed: false, reason: 'clone_suspected', checkId: `${CHIP_AUTHENTICATION_CHECK}:key-agreement-rejected`, detail: `the chip answered the key agreement with ${statusWords.join(', ') || 'nothing'}` };
    }

    let response;

    try {
      response = this.#session.unprotectResponse(hexBytes(String(result.protectedResponse)));
    } catch (error) {
      if (!isChipError(error) && !(error instanceof TypeError)) throw error;

      return { passed: false, reason: 'clone_suspected', checkId: `${CHIP_AUTHENTICATION_CHECK}:mac`, detail: `the response under the new session keys does not verify: ${error.message}` };
    }

    if (!response.protected || response.sw !== 0x9000) {
      return { passed: false, reason: 'clone_suspected', checkId: `${CHIP_AUTHENTICATION_CHECK}:status`, detail: `the chip answered ${response.sw.toString(16).toUpperCase()} under the new session keys` };
    }

    if (toHex(response.data) !== toHex(this.#expected)) {
      return { passed: false, reason: 'clone_suspected', checkId: `${CHIP_AUTHENTICATION_CHECK}:data`, detail: 'the chip returned DG14 bytes that differ from the dump' };
    }

    return { passed: true };
  }
}

function hexBytes(text: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) {
    throw new TypeError(`"${text.slice(0, 16)}" is not hex`);
  }

  return new Uint8Array(Buffer.from(text, 'hex'));
}
