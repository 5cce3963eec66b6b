// Database transactions for services: a change, the rules it must respect and the audit row that
// describes it commit together or not at all. Work that must only happen once the change is
// durable (telling other instances about a revocation, writing the stdout line of an audit event)
// is queued with afterCommit and runs after COMMIT; a rolled-back transaction drops it.
//
// On PostgreSQL a transaction holds one pooled connection until it ends; on PGlite (one
// connection) it holds the whole database, so every statement inside must go through `tx.db`:
// a statement on the outer handle would wait for the transaction that is waiting for it.
import type { Database, Db } from './database.js';

export interface Transaction {
  /** Runs statements inside the transaction. */
  readonly db: Db;
  /** Queues work for after COMMIT, in the order queued. */
  afterCommit(task: () => unknown): void;
}

export class Transactions {
  constructor(private readonly database: Pick<Database, 'transaction'>) {}

  /** Runs `work` in a new transaction: committed when it returns, rolled back when it throws. */
  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const committed: Array<() => unknown> = [];
    const result = await this.database.transaction((drizzleTx) =>
      work({ db: drizzleTx, afterCommit: (task) => committed.push(task) }),
    );
    for (const task of committed) await task();
    return result;
  }

  /** Joins the caller's transaction when there is one, else runs `work` in a new one. */
  within<T>(tx: Transaction | undefined, work: (tx: Transaction) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.run(work);
  }
}
