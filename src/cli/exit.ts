/**
 * Thrown by a command to end the process with a given exit code after it has printed
 * its own output, so that `main` returns the code without printing anything more.
 */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}
