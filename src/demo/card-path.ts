// How the demo's cards reach the stations: through real pcscd and the vpcd virtual readers
// when this machine has them, otherwise straight into the virtual chip in this process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import { VPCD_DEFAULT_PORT } from '../sim/vpcd.js';

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const VPCD_LOCK_FILE = '/tmp/examgate-vpcd.lock';
const VPCD_LOCK_TIMEOUT_S = 300;

/** The vpcd readers: port of the card side and the reader name pcscd gives it. */
export const VPCD_READERS = [
  { port: VPCD_DEFAULT_PORT, reader: 'Virtual PCD 00 00' },
  { port: VPCD_DEFAULT_PORT + 1, reader: 'Virtual PCD 00 01' },
] as const;

/** Returns why cards cannot go through pcscd and vpcd here, or null when they can. */
export function pcscUnavailableReason(): string | null {
  if (!existsSync(VPCD_DRIVER)) return 'the vpcd reader driver is not installed (apt-get install pcscd vsmartcard-vpcd)';

  try {
    execFileSync('pgrep', ['-x', 'pcscd'], { stdio: 'ignore' });
  } catch {
    return 'pcscd is not running (start it with `pcscd`)';
  }

  return null;
}

/**
 * Takes the machine-wide lock of the vpcd ports (flock on /tmp/examgate-vpcd.lock, held by a
 * child process) and resolves with its release; the lock also ends when this process dies.
 */
export function lockVpcdReaders(): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['-w', String(VPCD_LOCK_TIMEOUT_S), VPCD_LOCK_FILE, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let locked = false;

    child.stdout.once('data', () => {
      locked = true;
      resolve(async () => {
        child.stdin.end();
        await exited;
      });
    });
    child.once('exit', (code) => {
      if (!locked) reject(new Error(`could not take ${VPCD_LOCK_FILE} within ${VPCD_LOCK_TIMEOUT_S} s (flock exit code ${code})`));
    });
    child.once('error', (error) => reject(new Error(`flock(1) failed to start: ${error.message}; install util-linux`, { cause: error })));
  });
}
