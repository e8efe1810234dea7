// The access control step: PACE with the CAN or the MRZ when EF.CardAccess offers it, BAC
// otherwise or after PACE fails, then the eMRTD application under secure messaging.
import { ChipError, isChipError } from '../errors.js';
import { performBac } from '../bac/perform.js';
import { systemRandom } from '../crypto/random.js';
import { PlainChannel, requireStatus, type ApduChannel } from '../iso7816/channel.js';
import { selectApplicationCommand } from '../iso7816/commands.js';
import { mrzInformation } from '../mrz/mrz-information.js';
import { paceKeyAgreement } from '../pace/key-agreement.js';
import { performPace } from '../pace/perform.js';
import type { PacePassword } from '../pace/password.js';
import { SecureChannel } from '../sm/secure-channel.js';
import { EMRTD_AID } from './file-ids.js';
import { extractPaceInfos, type PaceInfoEntry } from './pace-info.js';
import type { ReadContext, StepOutcome } from './read-context.js';

function choosePaceInfo(cardAccess: Uint8Array | undefined): PaceInfoEntry | undefined {
  if (cardAccess === undefined) return undefined;

  // The first PACEInfo whose mapping and domain parameters this library implements.
  return extractPaceInfos(cardAccess).find((info) => {
    if (info.parameterId === null) return false;

    try {
      paceKeyAgreement(info.suite.mapping, info.parameterId);
      return true;
    } catch {
      return false;
    }
  });
}

/** Opens secure messaging and stores the channel and the access control method in `context`. */
export async function openSecureMessaging(context: ReadContext): Promise<StepOutcome> {
  const { options } = context;
  const random = options.random ?? systemRandom;
  const paceInfo = choosePaceInfo(context.files['EF.CardAccess']);
  const information = mrzInformationOf(options.mrz);
  const attempts: { method: 'PACE-CAN' | 'PACE-MRZ'; password: PacePassword }[] = [];
  const failures: string[] = [];

  if (options.can !== undefined) attempts.push({ method: 'PACE-CAN', password: { kind: 'CAN', can: options.can } });
  if (information !== undefined && options.paceWithMrz !== false) attempts.push({ method: 'PACE-MRZ', password: { kind: 'MRZ', mrzInformation: information } });

  for (const attempt of attempts) {
    if (paceInfo === undefined || paceInfo.parameterId === null) break;

    try {
      const pace = await performPace(context.channel, { password: attempt.password, protocolOid: paceInfo.protocolOid, parameterId: paceInfo.parameterId, random });
      context.channel = new SecureChannel(context.transport, pace.secureMessaging, { observer: context.observer });
      context.accessControl = attempt.method;
      await selectApplication(context.channel);
      return { status: 'done', detail: `${failures.join('')}${attempt.method} ${paceInfo.protocolOid} parameter ${paceInfo.parameterId}` };
    } catch (error) {
      const last = attempt === attempts.at(-1) && information === undefined;

      if (!isChipError(error) || last || context.accessControl !== 'none') throw error;

      failures.push(`${attempt.method} failed (${error.code}); `);
      options.logger?.warn({ method: attempt.method, code: error.code }, 'PACE failed; trying the next access control method');
    }
  }

  if (information === undefined) {
    throw new ChipError('PACE_UNSUPPORTED', 'open secure messaging: EF.CardAccess offers no supported PACEInfo and no MRZ data was given for BAC', { step: 'open secure messaging' });
  }

  // BAC runs in the eMRTD application (Doc 9303 Part 11 section 4.3), so it is selected first.
  const plain = new PlainChannel(context.transport, context.observer);
  await selectApplication(plain);
  const session = await performBac(plain, information, random);
  context.channel = new SecureChannel(context.transport, session, { observer: context.observer });
  context.accessControl = 'BAC';
  return { status: 'done', detail: `${failures.join('')}BAC` };
}

function mrzInformationOf(mrz: ReadContext['options']['mrz']): string | undefined {
  if (mrz === undefined || typeof mrz === 'string') return mrz;

  return mrzInformation(mrz);
}

/** Selects the eMRTD application; a card that returns 6A82 keeps its files at the MF, so reading goes on. */
async function selectApplication(channel: ApduChannel): Promise<void> {
  const command = selectApplicationCommand(EMRTD_AID);
  const response = await channel.send(command);

  if (response.sw !== 0x6a82) {
    requireStatus(response, command, 'select eMRTD application');
  }
}

