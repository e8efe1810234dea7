import { DEFAULT_DATABASE_URL } from '../../server/db/database.js';

/** Help text of the shared `--database URL` option. */
export const DATABASE_OPTION_HELP = `database: a SQLite file path or sqlite:PATH, or postgres://USER@HOST:PORT/DB (default: $EXAMGATE_DATABASE_URL, else $DATABASE_URL, else ${DEFAULT_DATABASE_URL})`;

/** The database URL from the option, the EXAMGATE_DATABASE_URL or DATABASE_URL variable, or the default SQLite file. */
export function databaseUrlFrom(option: string | undefined): string {
  return option ?? process.env.EXAMGATE_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
