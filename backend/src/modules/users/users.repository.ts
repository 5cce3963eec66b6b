// SQL for the users table. Methods that take part in a caller's transaction take its handle as
// their last argument.
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { ExportUsersQuery, ListUsersQuery, Role, UserSort, UserStatus } from '@gv/contract';
import type { Db } from '../../db/database.js';
import { users, type NewUserRow, type UserRow } from '../../db/schema.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

const UNIQUE_VIOLATION = '23505';

export class EmailTaken extends Error {}

/** `%`, `_` and `\` are wildcards in LIKE; a search for them should match them literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export class UsersRepository {
  /**
   * Every authenticated profile read and every admin check runs byId, and every sign-in byEmail,
   * so they are built once and prepared by name: PostgreSQL parses and plans them once per
   * connection, not once per request, and the query builder does no work per request.
   */
  private readonly byId;
  private readonly byEmail;

  constructor(
    private readonly db: Db,
    private readonly readDb: Db,
    private readonly metrics: Metrics,
  ) {
    this.byId = db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .limit(1)
      .prepare('users_find_by_id');
    this.byEmail = db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${sql.placeholder('email')})`)
      .limit(1)
      .prepare('users_find_by_email');
  }

  findById(id: string): Promise<UserRow | undefined> {
    return timeQuery(this.metrics, 'users.findById', async () => {
      const [row] = await this.byId.execute({ id });
      return row;
    });
  }

  /** Reads the user and locks the row until the transaction ends. */
  findByIdForUpdate(id: string, db: Db): Promise<UserRow | undefined> {
    return timeQuery(this.metrics, 'users.findByIdForUpdate', async () => {
      const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
      return row;
    });
  }

  /**
   * Locks every active admin row until the transaction ends and returns their ids. Whoever would
   * remove an admin takes these locks first, so two such changes run one after the other and the
   * second sees the first's outcome (docs/decisions/100). The id order makes every caller take
   * the locks in the same order, so they queue instead of deadlocking.
   */
  lockActiveAdmins(db: Db): Promise<string[]> {
    return timeQuery(this.metrics, 'users.lockActiveAdmins', async () => {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.status, 'active')))
        .orderBy(asc(users.id))
        .for('update');
      return rows.map((row) => row.id);
    });
  }

  /** Uses the unique index on lower(email). */
  findByEmail(email: string): Promise<UserRow | undefined> {
    return timeQuery(this.metrics, 'users.findByEmail', async () => {
      const [row] = await this.byEmail.execute({ email });
      return row;
    });
  }

  create(user: NewUserRow, db: Db = this.db): Promise<UserRow> {
    return timeQuery(this.metrics, 'users.create', async () => {
      try {
        const [row] = await db.insert(users).values(user).returning();
        return row!;
      } catch (error) {
        if (isUniqueViolation(error)) throw new EmailTaken();
        throw error;
      }
    });
  }

  update(
    id: string,
    changes: Partial<
      Pick<
        UserRow,
        | 'name'
        | 'role'
        | 'status'
        | 'passwordHash'
        | 'email'
        | 'emailVerifiedAt'
        | 'twoFactorEnabledAt'
      >
    >,
    db: Db = this.db,
  ): Promise<UserRow | undefined> {
    return timeQuery(this.metrics, 'users.update', async () => {
      try {
        const [row] = await db
          .update(users)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(users.id, id))
          .returning();
        return row;
      } catch (error) {
        // Only an email change can clash with another row.
        if (isUniqueViolation(error)) throw new EmailTaken();
        throw error;
      }
    });
  }

  delete(id: string, db: Db = this.db): Promise<boolean> {
    return timeQuery(this.metrics, 'users.delete', async () => {
      const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      return rows.length > 0;
    });
  }

  /** Whether any account exists, read on the primary: a fresh database has none. */
  hasAny(): Promise<boolean> {
    return timeQuery(this.metrics, 'users.hasAny', async () => {
      const rows = await this.db.select({ id: users.id }).from(users).limit(1);
      return rows.length > 0;
    });
  }

  countAdmins(): Promise<number> {
    return timeQuery(this.metrics, 'users.countAdmins', async () => {
      const [row] = await this.db
        .select({ value: count() })
        .from(users)
        .where(eq(users.role, 'admin'));
      return Number(row?.value ?? 0);
    });
  }

  list(query: ListUsersQuery): Promise<{ rows: UserRow[]; total: number }> {
    return timeQuery(this.metrics, 'users.list', async () => {
      const where = filterOf(query);
      const [rows, totals] = await Promise.all([
        this.readDb
          .select()
          .from(users)
          .where(where)
          .orderBy(...orderOf(query.sort))
          .limit(query.limit)
          .offset((query.page - 1) * query.limit),
        this.readDb.select({ value: count() }).from(users).where(where),
      ]);
      return { rows, total: Number(totals[0]?.value ?? 0) };
    });
  }

  /** Up to `max` users the filter matches, in its order, and whether more matched. */
  exportRows(query: ExportUsersQuery, max: number): Promise<{ rows: UserRow[]; more: boolean }> {
    return timeQuery(this.metrics, 'users.exportRows', async () => {
      const rows = await this.readDb
        .select()
        .from(users)
        .where(filterOf(query))
        .orderBy(...orderOf(query.sort))
        .limit(max + 1);
      return { rows: rows.slice(0, max), more: rows.length > max };
    });
  }

  summary(): Promise<{ total: number; admins: number; disabled: number }> {
    return timeQuery(this.metrics, 'users.summary', async () => {
      const [row] = await this.readDb
        .select({
          total: count(),
          admins: sql<string>`count(*) filter (where ${users.role} = 'admin')`,
          disabled: sql<string>`count(*) filter (where ${users.status} = 'disabled')`,
        })
        .from(users);
      return {
        total: Number(row?.total ?? 0),
        admins: Number(row?.admins ?? 0),
        disabled: Number(row?.disabled ?? 0),
      };
    });
  }
}

function filterOf(query: ExportUsersQuery): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  if (query.role) conditions.push(eq(users.role, query.role satisfies Role));
  if (query.status) conditions.push(eq(users.status, query.status satisfies UserStatus));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

const SORT_COLUMNS = {
  // Case-insensitive, so "alice" and "Bob" sort as a reader expects.
  name: sql`lower(${users.name})`,
  email: sql`lower(${users.email})`,
  createdAt: sql`${users.createdAt}`,
  lastLoginAt: sql`${users.lastLoginAt}`,
} satisfies Record<string, SQL>;

/**
 * The chosen column, then the id in the same direction, so rows that tie keep one order and no
 * user shows on two pages or on none. Users who never signed in come last either way.
 */
function orderOf(sort: UserSort): SQL[] {
  const descending = sort.startsWith('-');
  const column = SORT_COLUMNS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS];
  // Only last sign-in can be null; leaving the other columns plain lets the index on
  // created_at serve the default order.
  const nulls = column === SORT_COLUMNS.lastLoginAt ? sql` nulls last` : sql``;
  const direction = descending ? sql`desc` : sql`asc`;
  return [sql`${column} ${direction}${nulls}`, descending ? desc(users.id) : asc(users.id)];
}

export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  return code === UNIQUE_VIOLATION;
}
