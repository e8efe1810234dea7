// Named prepared statements for the hot queries on PostgreSQL. node-postgres sends every query
// unnamed, so PostgreSQL parses and plans it again on each call. Under the exam save load,
// planning took more PostgreSQL time than executing: 0.16 of 0.26 ms for the single-statement
// save and 0.07 of 0.09 ms for the session lookup (pg_stat_statements, docs/benchmarks.md).
//
// A query opts in with the PREPARED marker. Its connection prepares it under a name derived from
// the SQL text on first use and only binds and executes it afterwards, and PostgreSQL can reuse a
// generic plan. Opting in is explicit because a connection keeps every statement it prepared
// until it closes, so only queries of fixed text belong here. A statement whose result columns
// come from `SELECT *` must not opt in: a migration that adds a column would make PostgreSQL
// refuse the cached plan ("cached plan must not change result type") on instances that still run.
import { createHash } from 'node:crypto';

import { sql } from 'kysely';
import type pg from 'pg';

/** The comment that marks a query for a named prepared statement. */
export const PREPARED_MARKER = '/* examgate:prepared */';

/**
 * Marks a query for a named prepared statement: put it at the front of a raw `sql` template, or
 * pass it to a select builder's `modifyFront`.
 */
export const PREPARED = sql.raw(PREPARED_MARKER);

/** Statement names by SQL text, shared by the connections of the process. */
const names = new Map<string, string>();

/** Returns the statement name of a marked SQL text: a digest, so equal texts share one name. */
export function preparedStatementName(text: string): string {
  let name = names.get(text);

  if (name === undefined) {
    name = `examgate_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }

  return name;
}

/**
 * Makes the clients of `pool` run marked queries as named prepared statements. node-postgres
 * prepares a name once per connection and keeps it until the connection closes.
 */
export function prepareMarkedQueries(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;

    client.query = ((text: unknown, ...rest: unknown[]) => {
      if (typeof text === 'string' && text.includes(PREPARED_MARKER) && (rest.length === 0 || Array.isArray(rest[0]))) {
        return query({ name: preparedStatementName(text), text, values: rest[0] ?? [] }, ...rest.slice(1));
      }

      return query(text, ...rest);
    }) as typeof client.query;
  });
}
