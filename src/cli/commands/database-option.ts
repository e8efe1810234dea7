import { DEFAULT_DATABASE_URL } from '../../server/db/database.js';

/** Help text of the shared `--database URL` option. */
export const DATABASE_OPTION_HELP = `database: a SQLite file path or sqlite:PATH, or postgres://USER@HOST:PORT/DB (default: $DATABASE_URL, else ${DEFAULT_DATABASE_URL})`;

/** The database URL from the option, the DATABASE_URL variable or the default SQLite file. */
export function databaseUrlFrom(option: string | undefined): string {
  return option ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
