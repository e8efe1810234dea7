// Exclusive use of the vpcd reader ports (127.0.0.1:35963 and 35964), which every test process
// and helper on this machine shares. The lock is flock(1) on /tmp/examgate-vpcd.lock, held by a
// child process for as long as the test needs it. It is released by `release()`, or when the
// test process dies, because the child's stdin then closes and the child exits.
import { spawn } from 'node:child_process';

export const VPCD_LOCK_FILE = '/tmp/examgate-vpcd.lock';

export interface VpcdLock {
  release(): Promise<void>;
}

/** Takes the vpcd lock, waiting up to `timeoutMs` (default 5 minutes) for other holders. */
export function lockVpcd(timeoutMs = 300_000): Promise<VpcdLock> {
  return new Promise((resolve, reject) => {
    const seconds = Math.ceil(timeoutMs / 1000);
    const child = spawn('flock', ['-w', String(seconds), VPCD_LOCK_FILE, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let settled = false;

    const exited = new Promise<void>((done) => child.once('exit', () => done()));

    child.stdout.once('data', () => {
      settled = true;
      resolve({
        async release() {
          child.stdin.end();
          await exited;
        },
      });
    });

    child.once('exit', (code) => {
      if (!settled) {
        reject(new Error(`could not take the vpcd lock ${VPCD_LOCK_FILE} within ${seconds} s (flock exit code ${code})`));
      }
    });

    child.once('error', (error) => {
      if (!settled) reject(new Error(`flock(1) failed to start: ${error.message}; install util-linux`, { cause: error }));
    });
  });
}

/** Runs `body` while holding the vpcd lock. */
export async function withVpcdLock<T>(body: () => Promise<T>): Promise<T> {
  const lock = await lockVpcd();

  try {
    return await body();
  } finally {
    await lock.release();
  }
}
