import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';

import { postgresSchemaOf } from './database.js';

/** Folder of the migration files. */
export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Migration file names: four digits, the area, a name. Each area has its own number range
 * (core 0001-0099, exam 0100-0199, check-in 0200-0299, reports 0300-0399), so areas add
 * migrations without renumbering each other's.
 */
export const MIGRATION_FILE_PATTERN = /^(\d{4})_[a-z0-9]+_[a-z0-9_]+\.ts$/;

/** Loads every migration file of the folder; the migration's name is its file name without `.ts`. */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_FOLDER) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((name) => MIGRATION_FILE_PATTERN.test(name)).sort();
    const migrations: Record<string, Migration> = {};

    for (const file of files) {
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Partial<Migration>;

      if (typeof module.up !== 'function') {
        throw new Error(`migration ${file} exports no up() function`);
      }

      migrations[file.replace(/\.ts$/, '')] = module as Migration;
    }

    return migrations;
  }
}

function createMigrator(db: Kysely<any>): Migrator {
  // Areas add migrations in parallel, so a database may have applied 0100 before 0004 exists.
  // Unordered migrations let the lower numbers run later instead of failing.
  // Kysely looks for its migration tables in every schema unless told which one, so a database
  // opened on a schema of its own names it here.
  const schema = postgresSchemaOf(db);

  return new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    allowUnorderedMigrations: true,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

// PostgreSQL error codes raised when a schema, table or column vanishes while a catalog query
// reads it: invalid_schema_name, undefined_table, undefined_column, and internal_error with
// "cache lookup failed" or "could not open relation with OID".
const VANISHED_OBJECT_CODES = new Set(['3F000', '42P01', '42703']);
const MAX_SETUP_ATTEMPTS = 10;

/**
 * Returns true when `error` came from a catalog read that raced with another schema being
 * dropped. Kysely's Migrator lists the tables of every schema (its PostgreSQL introspector calls
 * pg_get_serial_sequence on each column), and that call fails when a schema disappears
 * mid-query, as test schemas of parallel test files do.
 */
function isCatalogRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };

  if (typeof code !== 'string') {
    return false;
  }

  const text = typeof message === 'string' ? message : '';
  return VANISHED_OBJECT_CODES.has(code) || (code === 'XX000' && (text.startsWith('cache lookup failed') || text.startsWith('could not open relation with OID')));
}

/** Returns true when a migration run failed on a catalog race before any migration ran. */
function isVanishedSchemaRace(result: MigrationResultSet): boolean {
  const anyRan = (result.results ?? []).length > 0;
  return !anyRan && result.error !== undefined && isCatalogRace(result.error);
}

/** Applies every pending migration and throws the first failure with the migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  let result: MigrationResultSet = await createMigrator(db).migrateToLatest();

  for (let attempt = 1; attempt < MAX_SETUP_ATTEMPTS && isVanishedSchemaRace(result); attempt++) {
    result = await createMigrator(db).migrateToLatest();
  }

  const failed = result.results?.find((entry) => entry.status === 'Error');

  if (result.error !== undefined) {
    const reason = result.error instanceof Error ? result.error.message : String(result.error);

    // Kysely names no migration when it stops before running one, as when the database has
    // migrations that this version does not know (a newer version migrated it).
    if (failed === undefined) {
      throw new Error(`database migrations could not run: ${reason}. If a newer version of examgate migrated this database, run that version`, { cause: result.error });
    }

    throw new Error(`database migration ${failed.migrationName} failed: ${reason}`, { cause: result.error });
  }

  return (result.results ?? []).filter((entry) => entry.status === 'Success').map((entry) => entry.migrationName);
}

/** Returns the names of migrations that exist as files but are not applied yet. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const migrations = await createMigrator(db).getMigrations();
      return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
    } catch (error) {
      // The same catalog race as in migrateToLatest: read again.
      if (attempt >= MAX_SETUP_ATTEMPTS || !isCatalogRace(error)) {
        throw error;
      }
    }
  }
}
