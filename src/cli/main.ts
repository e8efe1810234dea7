import { Command, CommanderError } from 'commander';

import { registerCommands } from './commands/index.js';
import { CliExit } from './exit.js';
import { describeFileError } from './file-errors.js';

/**
 * Runs the `examgate` command line with the given arguments (without `node` and the script)
 * and returns the process exit code.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('examgate')
    .description('examgate: online exams with CCCD chip check-in / thi trực tuyến, xác thực thí sinh bằng chip CCCD')
    .exitOverride()
    .showHelpAfterError();

  registerCommands(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CliExit) {
      return error.exitCode;
    }

    if (error instanceof CommanderError) {
      return error.exitCode;
    }

    const message = describeFileError(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`examgate: ${message}\n`);
    return 1;
  }
}
