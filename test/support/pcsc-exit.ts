// Imported by the test files that use pcscd. Once every test of the file has finished, the
// process gets a grace period to exit by itself, then it exits with the exit code that the tests set.
// NOTE: in one CI run a PC/SC test file passed every test but its process never exited, and the
// runner cancelled the file after its 300 s timeout. The handle that stays open (the pcsc-lite
// binding's status wait is the suspect) was not found in later runs, so the wait is bounded here.
import { after } from 'node:test';

/** Time for pending closes after the last test before the process is ended. */
export const EXIT_GRACE_MS = 10_000;

after(() => {
  const timer = setTimeout(() => {
    process.stderr.write(`pcsc-exit: the process was still running ${EXIT_GRACE_MS} ms after its last test; ending it\n`);
    process.exit();
  }, EXIT_GRACE_MS);

  // The timer itself must not keep the process alive when everything else has closed.
  timer.unref();
});
