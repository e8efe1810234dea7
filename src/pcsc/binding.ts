// Loads the pcsc-lite binding on first use, so that every other part of examgate runs on a
// machine without PC/SC. The binding (@pokusew/pcsclite) is an optional dependency that builds
// against Debian's libpcsclite-dev.
import { createRequire } from 'node:module';

import type PcscLiteFactory from '@pokusew/pcsclite';

export type PcscLite = ReturnType<typeof PcscLiteFactory>;

type Callback<T> = (error: unknown, value: T) => void;

/** The parts of the binding's reader object that examgate uses (its type is not exported). */
export interface PcscReader {
  readonly name: string;
  state: number;
  connected: boolean;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
  on(type: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
  on(type: 'end', listener: () => void): this;
  on(type: 'error', listener: (error: unknown) => void): this;
  connect(options: { share_mode?: number; protocol?: number }, callback: Callback<number>): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: Callback<Buffer>): void;
  close(): void;
}

/** Raised when the pcsc-lite binding cannot be loaded; the message names what to install. */
export class PcscUnavailableError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(
      `PC/SC is not available: the pcsc-lite binding @pokusew/pcsclite could not be loaded (${reason}). ` +
        'Install the PC/SC daemon and headers with `apt-get install pcscd vsmartcard-vpcd libpcsclite-dev`, ' +
        'then run `npm ci` again so that the binding is built.',
      { cause },
    );
    this.name = 'PcscUnavailableError';
  }
}

let factory: typeof PcscLiteFactory | undefined;

/** Returns the binding's factory, loading it on first call; throws PcscUnavailableError. */
export function loadPcscLite(): typeof PcscLiteFactory {
  if (factory !== undefined) {
    return factory;
  }

  try {
    const require = createRequire(import.meta.url);
    factory = require('@pokusew/pcsclite') as typeof PcscLiteFactory;
    return factory;
  } catch (error) {
    throw new PcscUnavailableError(error);
  }
}
