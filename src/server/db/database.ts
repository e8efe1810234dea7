import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';
import { prepareMarkedQueries } from './postgres-prepared.js';
import { cachingStatements } from './sqlite-statements.js';

/** An open database: the typed query builder, its dialect and a way to close it. */
export interface ServerDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The location without credentials, safe to log. */
  readonly description: string;
  /**
   * Sets what happens when an idle PostgreSQL connection fails (the server ended it, or the
   * network dropped it). The pool discards that connection and opens a new one when needed; by
   * default a line goes to stderr. Without a handler, node-postgres's error would end the process.
   */
  onConnectionError(handler: (error: Error) => void): void;
  close(): Promise<void>;
}

/** The database `examgate serve` uses when no `--database` is given. */
export const DEFAULT_DATABASE_URL = './data/examgate.sqlite';

const POSTGRES_SCHEMES = ['postgres:', 'postgresql:'];

/** The PostgreSQL schema a database handle was opened on with `?schema=`, by handle. */
const SCHEMA_BY_DATABASE = new WeakMap<Kysely<any>, string>();

/** Returns the schema named by `?schema=` when `db` was opened with one, else undefined. */
export function postgresSchemaOf(db: Kysely<any>): string | undefined {
  return SCHEMA_BY_DATABASE.get(db);
}
const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the database that `url` names. A URL starting with `postgres://` or `postgresql://`
 * opens PostgreSQL (an optional `?schema=NAME` sets the search path, which tests use to keep
 * to a schema of their own); `sqlite:PATH`, `sqlite::memory:` or a plain file path opens SQLite.
 */
export function createDatabase(url: string): ServerDatabase {
  if (POSTGRES_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    return openPostgres(url);
  }

  return openSqlite(url);
}

function openSqlite(url: string): ServerDatabase {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  const inMemory = path === ':memory:';

  if (!inMemory) {
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }

  const connection = new SqliteDatabase(path);

  // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every commit,
  // so a committed write survives a power cut, not only a process crash.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(connection) }) });

  return {
    db,
    dialect: 'sqlite',
    description: inMemory ? 'sqlite::memory:' : `sqlite:${resolve(path)}`,
    // SQLite runs in this process and has no connections to lose.
    onConnectionError: () => undefined,
    close: () => db.destroy(),
  };
}

/**
 * Returns whether hot queries run as named prepared statements (EXAMGATE_PG_PREPARED_STATEMENTS,
 * default on). A pooler in transaction mode (PgBouncer before 1.21) hands a connection's
 * prepared statements to other clients, so such a deployment turns them off.
 */
function preparedStatementsEnabled(): boolean {
  const value = process.env.EXAMGATE_PG_PREPARED_STATEMENTS || 'on';

  if (value !== 'on' && value !== 'off') {
    throw new Error(`EXAMGATE_PG_PREPARED_STATEMENTS is "${value}"; expected on or off`);
  }

  return value === 'on';
}

function openPostgres(url: string): ServerDatabase {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');

  if (schema !== null && !SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}" in the database URL: use lower-case letters, digits and _`);
  }

  parsed.searchParams.delete('schema');

  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  let connectionErrorHandler = (error: Error): void => {
    process.stderr.write(`examgate: an idle PostgreSQL connection failed and was discarded: ${error.message}\n`);
  };
  pool.on('error', (error) => connectionErrorHandler(error));

  if (preparedStatementsEnabled()) {
    prepareMarkedQueries(pool);
  }

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  if (schema !== null) {
    SCHEMA_BY_DATABASE.set(db, schema);
  }

  return {
    db,
    dialect: 'postgres',
    description: `${parsed.protocol}//${parsed.host}${parsed.pathname}${schema === null ? '' : ` schema ${schema}`}`,
    onConnectionError: (handler) => {
      connectionErrorHandler = handler;
    },
    close: () => db.destroy(),
  };
}
