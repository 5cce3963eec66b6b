import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flushAuditLog, registerUser, useBackendWithAdmin } from '../test-support/test-backend.js';

const { backend, admin } = useBackendWithAdmin();

/** Splits CSV the way a spreadsheet would: quoted cells, doubled quotes, CRLF between rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}

describe('users CSV export', () => {
  it('downloads the filtered users in the chosen order, formulas defused and quotes kept', async () => {
    const tag = `csv${randomUUID().slice(0, 8)}`;
    const plain = await registerUser(backend, { name: `${tag} Bea "B" Ode` });
    const formula = await registerUser(backend, { name: `=HYPERLINK("x") ${tag}` });
    const later = await registerUser(backend, { name: `${tag} Zed` });

    const response = await backend.http
      .get('/api/users/export')
      .query({ q: tag, sort: '-name' })
      .set(admin.auth)
      .expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="?users\.csv"?$/,
    );
    expect(response.headers['x-export-truncated']).toBe('false');
    const [header, ...rows] = parseCsv(response.text);
    expect(header).toEqual([
      'id',
      'email',
      'name',
      'role',
      'status',
      'createdAt',
      'lastLoginAt',
      'emailVerified',
      'twoFactorEnabled',
    ]);
    // "-name" is Z to A, case-insensitively: the tag sorts after "=".
    expect(rows.map((row) => row[0])).toEqual([later.userId, plain.userId, formula.userId]);
    expect(rows[1]!.slice(1, 5)).toEqual([plain.email, `${tag} Bea "B" Ode`, 'user', 'active']);
    // Just registered: the address is not confirmed yet and two-factor sign-in is off.
    expect(rows[1]!.slice(7)).toEqual(['false', 'false']);
    expect(rows[2]![2]).toBe(`'=HYPERLINK("x") ${tag}`);
  });

  it('is for admins only and refuses a sort it does not know, naming the field', async () => {
    const user = await registerUser(backend);
    await backend.http.get('/api/users/export').set(user.auth).expect(403);
    const response = await backend.http
      .get('/api/users/export')
      .query({ sort: 'password' })
      .set(admin.auth)
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'sort' })]);
  });

  it('stops at the row limit and says that more matched', async () => {
    const tag = `cap${randomUUID().slice(0, 8)}`;
    for (const name of ['a', 'b', 'c']) await registerUser(backend, { name: `${tag} ${name}` });
    const capped = await backend.repositories.users.exportRows({ q: tag, sort: 'name' }, 2);
    expect(capped.rows.map((row) => row.name)).toEqual([`${tag} a`, `${tag} b`]);
    expect(capped.more).toBe(true);
    const all = await backend.repositories.users.exportRows({ q: tag, sort: 'name' }, 3);
    expect(all.more).toBe(false);
  });
});

describe('audit log CSV export', () => {
  it("downloads the filtered events with their user's email", async () => {
    const user = await registerUser(backend);
    await flushAuditLog(backend);

    const response = await backend.http
      .get('/api/logs/export')
      .query({ user: user.email, event: 'auth.register' })
      .set(admin.auth)
      .expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="?audit-log\.csv"?$/,
    );
    expect(response.headers['x-export-truncated']).toBe('false');
    const [header, ...rows] = parseCsv(response.text);
    expect(header!.slice(0, 7).join(',')).toBe('id,ts,level,event,message,userId,userEmail');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(3, 7)).toEqual([
      'auth.register',
      expect.any(String),
      user.userId,
      user.email,
    ]);
  });

  it('refuses paging parameters, which an export does not take', async () => {
    const response = await backend.http
      .get('/api/logs/export')
      .query({ limit: 5 })
      .set(admin.auth)
      .expect(400);
    expect(response.body.errors).toEqual([
      { path: 'query', message: expect.stringContaining('"limit"') },
    ]);
  });
});
