// Preconditions for tests that need real parts of the machine (pcscd with the vpcd driver,
// Chromium). Outside CI a missing part skips the test with the install command; in CI
// (CI=true) it fails the test, because CI installs them and a silent skip would hide a gap.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

const IN_CI = process.env.CI === 'true';

/** Path of Debian's Chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

function isProcessRunning(name: string): boolean {
  try {
    execFileSync('pgrep', ['-x', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Returns why PC/SC through pcscd and vpcd cannot run here, or null when it can. */
export function pcscUnavailableReason(): string | null {
  if (!existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so')) {
    return 'the vpcd virtual reader driver is missing: apt-get install pcscd vsmartcard-vpcd libpcsclite-dev';
  }

  if (!isProcessRunning('pcscd')) {
    return 'pcscd is not running: start it with `pcscd`';
  }

  return null;
}

/** Returns why Chromium cannot run here, or null when it can. */
export function chromiumUnavailableReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : 'Chromium is missing: apt-get install chromium';
}

/**
 * Skips the test (outside CI) or fails it (in CI) when `reason` is not null, and returns
 * true when the test may go on.
 */
export function requirePart(t: TestContext, reason: string | null): boolean {
  if (reason === null) {
    return true;
  }

  if (IN_CI) {
    throw new Error(`required in CI: ${reason}`);
  }

  t.skip(reason);
  return false;
}
