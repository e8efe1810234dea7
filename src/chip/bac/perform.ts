// Terminal side of BAC over a plain channel: GET CHALLENGE, EXTERNAL AUTHENTICATE, then a
// secure messaging session with 3DES keys (ICAO Doc 9303 Part 11 section 4.3).
import { ChipError } from '../errors.js';
import type { RandomSource } from '../crypto/random.js';
import { externalAuthenticateCommand, getChallengeCommand } from '../iso7816/commands.js';
import { requireStatus, type ApduChannel } from '../iso7816/channel.js';
import { SecureMessaging } from '../sm/secure-messaging.js';
import { buildBacTerminalCryptogram, completeBacTerminal } from './authentication.js';
import { deriveBacKeys } from './keys.js';

/** Runs BAC with MRZ_information and returns the secure messaging session it opens. */
export async function performBac(channel: ApduChannel, mrzInformation: string, random: RandomSource): Promise<SecureMessaging> {
  const keys = deriveBacKeys(mrzInformation);

  const challengeCommand = getChallengeCommand();
  const challenge = requireStatus(await channel.send(challengeCommand), challengeCommand, 'BAC: GET CHALLENGE');

  if (challenge.data.length !== 8) {
    throw new ChipError('BAC_FAILED', `BAC: GET CHALLENGE returned ${challenge.data.length} bytes, expected the 8-byte RND.IC`, { step: 'BAC: GET CHALLENGE' });
  }

  const secrets = { rndIfd: random(8), kIfd: random(16) };
  const authenticateCommand = externalAuthenticateCommand(buildBacTerminalCryptogram(keys.kEnc, keys.kMac, challenge.data, secrets));
  const answer = await channel.send(authenticateCommand);

  if (answer.sw !== 0x9000) {
    throw new ChipError('BAC_FAILED', `BAC: EXTERNAL AUTHENTICATE returned ${answer.sw.toString(16).toUpperCase()}; the document number, birth date or expiry date do not match the card`, {
      step: 'BAC: EXTERNAL AUTHENTICATE',
      statusWord: answer.sw.toString(16).toUpperCase().padStart(4, '0'),
    });
  }

  const session = completeBacTerminal(keys.kEnc, keys.kMac, challenge.data, secrets, answer.data);
  return new SecureMessaging({ cipher: 'DESede', ksEnc: session.ksEnc, ksMac: session.ksMac, ssc: session.ssc });
}
