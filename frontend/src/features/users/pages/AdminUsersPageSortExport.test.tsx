import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAuth, makeUser, type FakeRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });
const grace = makeUser({ name: 'Grace Hopper', email: 'grace@example.com' });

const handlers = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
  'GET /users': () => ({
    status: 200,
    data: {
      data: [grace],
      pagination: { page: 1, limit: 20, total: 1, pages: 1, hasNext: false, hasPrev: false },
    },
  }),
};

describe('admin users list: order and export', () => {
  let saved: string[];
  beforeEach(() => {
    saved = [];
    // jsdom has no object URLs and does not navigate: record what the download link would save.
    URL.createObjectURL = vi.fn(() => 'blob:users');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('sorts by a column header, which tells assistive technology the order', async () => {
    const { user, server } = await renderApp('/admin/users', handlers);
    await screen.findByText('Grace Hopper');
    const joined = screen.getByRole('columnheader', { name: /Joined/ });
    expect(joined).toHaveAttribute('aria-sort', 'descending');

    await user.click(screen.getByRole('button', { name: /^Name/ }));
    await waitFor(() =>
      expect(server.requests.at(-1)?.params).toMatchObject({ sort: 'name', page: 1 }),
    );
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(screen.getByRole('columnheader', { name: /Joined/ })).toHaveAttribute(
      'aria-sort',
      'none',
    );

    await user.click(screen.getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(server.requests.at(-1)?.params).toMatchObject({ sort: '-name' }));
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('exports what the filter matches in the order shown, and says when it was cut', async () => {
    let exported: FakeRequest | undefined;
    const { user } = await renderApp('/admin/users?q=grace&sort=email&page=2', {
      ...handlers,
      'GET /users/export': (request) => {
        exported = request;
        return {
          status: 200,
          data: new Blob(['"id"\r\n'], { type: 'text/csv' }),
          headers: { 'x-export-truncated': 'true' },
        };
      },
    });
    await screen.findByText('Grace Hopper');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText(/Only the first 10,000 rows were exported/)).toBeVisible();
    expect(exported?.params).toEqual({ q: 'grace', sort: 'email' });
    expect(saved).toEqual(['users.csv']);
  });
});
