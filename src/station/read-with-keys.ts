// Reads a card with the access keys the server sent, in order, until one opens the chip. The
// read runs active authentication over the server's nonce, so the dump carries the chip's
// signature of that nonce.
import type { DumpFileName } from '../chip/dump.js';

import type { CardTransport } from '../chip/iso7816/transport.js';
import type { ChipLogger } from '../chip/logger.js';
import { ReadCardError, readCard, type ReadCardOptions, type ReadCardResult, type ReadStepReport } from '../chip/reader/index.js';
import type { AccessKey, StationReadStep } from './protocol.js';

/** Error codes that mean the key did not open the chip; the chip library raises them only during access control. */
const ACCESS_FAILURES = new Set(['PACE_FAILED', 'BAC_FAILED']);

export interface KeyedReadResult {
  result: ReadCardResult;
  keyIndex: number;
  /** Steps of every attempt, failed keys included. */
  steps: StationReadStep[];
}

/** Thrown when no key opened the chip, or a later step failed; `keysTried` counts the attempts. */
export class KeyedReadError extends Error {
  constructor(readonly kind: 'access-denied' | 'read-error', readonly code: string, message: string, readonly keysTried: number, readonly steps: StationReadStep[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyedReadError';
  }
}

function optionsFor(key: AccessKey): Pick<ReadCardOptions, 'can' | 'mrz' | 'paceWithMrz'> {
  if (key.kind === 'can') {
    return { can: key.can };
  }

  // CCCDs are reported to reject PACE with MRZ keys (6982), so BAC keys go straight to BAC.
  return { mrz: { documentNumber: key.documentNumber, birthDate: key.birthDate, expiryDate: key.expiryDate }, paceWithMrz: false };
}

function toSteps(steps: readonly ReadStepReport[]): StationReadStep[] {
  return steps.map((step) => ({ name: step.name, status: step.status, durationMs: step.durationMs, apduCount: step.apduCount }));
}

export async function readWithKeys(transport: CardTransport, keys: readonly AccessKey[], nonce: Uint8Array, files: readonly DumpFileName[], logger?: ChipLogger): Promise<KeyedReadResult> {
  const steps: StationReadStep[] = [];

  for (const [index, key] of keys.entries()) {
    try {
      const result = await readCard(transport, { ...optionsFor(key), activeAuthenticationNonce: nonce, files, ...(logger === undefined ? {} : { logger }) });
      steps.push(...toSteps(result.steps));
      return { result, keyIndex: index, steps };
    } catch (error) {
      if (!(error instanceof ReadCardError)) throw error;

      steps.push(...toSteps(error.partial.steps));
      const failedStep = error.context.step;

      if (ACCESS_FAILURES.has(error.code) && index < keys.length - 1) {
        continue;
      }

      if (ACCESS_FAILURES.has(error.code)) {
        throw new KeyedReadError('access-denied', error.code, `none of the ${keys.length} access keys opened the chip (${error.message})`, index + 1, steps, { cause: error });
      }

      throw new KeyedReadError('read-error', error.code, `${failedStep ?? 'read'}: ${error.message}`, index + 1, steps, { cause: error });
    }
  }

  throw new KeyedReadError('access-denied', 'NO_KEYS', 'the read request held no access keys', 0, steps);
}

