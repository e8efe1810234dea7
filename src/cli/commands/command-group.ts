import type { Command } from 'commander';

/**
 * Returns the subcommand group `name` (e.g. `card` or `sim`), creating it on first use, so
 * that command modules of one group can register in any order without duplicating it.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}
