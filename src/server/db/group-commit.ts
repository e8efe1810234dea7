// Group commit for SQLite. better-sqlite3 is synchronous, so each COMMIT blocks the event loop
// for the log sync (synchronous=FULL), about 2.5 ms on an ext4 virtual disk. One sync per save
// request capped a server at about 400 saves per second whatever its CPU. Here, units of work
// that arrive in the same event-loop turn wait in a queue. One flush, on setImmediate, runs them
// all in ONE transaction (one sync). It settles each unit's promise only after the COMMIT, so an
// acknowledgement still follows a durable write.
//
// Each unit runs inside a SAVEPOINT of the shared transaction: a unit that throws is rolled back
// to its savepoint and only its own promise rejects, while the other units commit. When the
// COMMIT itself fails, every unit of the batch rejects and nothing of it is acknowledged.
import { type Kysely, sql, type Transaction } from 'kysely';

import { dialectOf } from './dialect.js';

interface QueuedUnit<DB> {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Units of work flushed in one transaction at most; the rest wait for the next flush. */
export const GROUP_COMMIT_MAX_UNITS = 256;

class GroupCommitter<DB> {
  readonly #db: Kysely<DB>;
  #queue: QueuedUnit<DB>[] = [];
  #scheduled = false;
  #flushing = false;

  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing || this.#queue.length === 0) {
      return;
    }

    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    const batch = this.#queue.splice(0, GROUP_COMMIT_MAX_UNITS);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];

    try {
      await this.#db.transaction().execute(async (trx) => {
        for (const unit of batch) {
          outcomes.push(await runInSavepoint(trx, unit.work));
        }
      });
    } catch (commitError) {
      // The transaction did not commit, so no unit's writes are durable, also not those of a
      // unit that succeeded inside it.
      batch.forEach((unit, index) => {
        const outcome = outcomes[index];
        unit.reject(outcome !== undefined && !outcome.ok ? outcome.error : commitError);
      });
      this.#finishFlush();
      return;
    }

    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!;

      if (outcome.ok) {
        unit.resolve(outcome.value);
      } else {
        unit.reject(outcome.error);
      }
    });
    this.#finishFlush();
  }

  #finishFlush(): void {
    this.#flushing = false;
    this.#schedule();
  }
}

async function runInSavepoint<DB>(trx: Transaction<DB>, work: (trx: Transaction<DB>) => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  await sql`savepoint group_unit`.execute(trx);

  try {
    const value = await work(trx);
    await sql`release savepoint group_unit`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    // Undo only this unit's writes. If SQLite already rolled the whole transaction back (an I/O
    // error or a full disk), this throws too and the flush fails every unit.
    await sql`rollback to savepoint group_unit`.execute(trx);
    await sql`release savepoint group_unit`.execute(trx);
    return { ok: false, error };
  }
}

const committers = new WeakMap<Kysely<any>, GroupCommitter<any>>();

/**
 * Runs `work` in a transaction and resolves after its COMMIT. On SQLite, units of work queued in
 * the same event-loop turn share one transaction (see the file comment). On PostgreSQL each unit
 * gets a transaction of its own, because the pool runs transactions side by side. Inside an open
 * transaction, `work` runs in it directly.
 */
export function runInGroupCommit<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    return work(db as Transaction<DB>);
  }

  if (dialectOf(db) !== 'sqlite') {
    return db.transaction().execute(work);
  }

  let committer = committers.get(db) as GroupCommitter<DB> | undefined;

  if (committer === undefined) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }

  return committer.run(work);
}
