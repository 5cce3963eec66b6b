import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, type FakeRequest, type Reply } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });
const everyone = Array.from({ length: 12 }, (_, index) =>
  makeUser({
    id: `44444444-4444-4444-8444-4444444444${String(index).padStart(2, '0')}`,
    name: index === 0 ? 'Grace Hopper' : `User ${index}`,
    email: index === 0 ? 'grace@example.com' : `user${index}@example.com`,
  }),
);

/** GET /users as the server answers it: search by name, pages of `limit`. */
function listUsers(request: FakeRequest): Reply {
  const {
    q = '',
    page = 1,
    limit = 10,
  } = request.params as { q?: string; page?: number; limit?: number };
  const matches = everyone.filter((user) => user.name.toLowerCase().includes(q.toLowerCase()));
  const pages = Math.ceil(matches.length / limit);
  return {
    status: 200,
    data: {
      data: matches.slice((page - 1) * limit, page * limit),
      pagination: {
        page,
        limit,
        total: matches.length,
        pages,
        hasNext: page < pages,
        hasPrev: page > 1,
      },
    },
  };
}

const signedInAdmin = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
};

describe('admin users list', () => {
  it('hides the unfiltered list when a search cannot reach the server', async () => {
    let down = false;
    const { user } = await renderApp('/admin/users?limit=10', {
      ...signedInAdmin,
      'GET /users': (request) => (down ? { unreachable: true } : listUsers(request)),
      'GET /health/live': () => (down ? { unreachable: true } : { status: 200, data: {} }),
    });
    expect(await screen.findAllByTestId('user-row')).toHaveLength(10);

    down = true;
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'grace');
    expect(await screen.findByText('Cannot reach the server — retrying')).toBeVisible();
    expect(screen.queryAllByTestId('user-row')).toHaveLength(0);

    down = false;
    // It would retry by itself within seconds; the button does it now.
    await user.click(screen.getAllByRole('button', { name: 'Retry now' })[0]!);
    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('grace@example.com');
  });

  it('marks the rows of the previous page while the next one loads', async () => {
    const { user } = await renderApp('/admin/users?limit=10', {
      ...signedInAdmin,
      'GET /users': (request) => ({
        ...listUsers(request),
        delayMs: (request.params as { page?: number }).page === 2 ? 300 : 0,
      }),
    });
    const table = await screen.findByRole('region', { name: 'Users' });
    expect(await screen.findAllByTestId('user-row')).toHaveLength(10);
    expect(table).toHaveAttribute('aria-busy', 'false');

    await user.click(
      within(screen.getByRole('navigation', { name: 'Pagination' })).getByRole('button', {
        name: 'Next',
      }),
    );
    expect(await screen.findByText('Loading page 2…')).toBeVisible();
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(screen.getAllByTestId('user-row')).toHaveLength(10);

    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
    expect(table).toHaveAttribute('aria-busy', 'false');
    expect(screen.queryByText('Loading page 2…')).toBeNull();
    expect(screen.getByText('Page 2 of 2 · 12 users')).toBeVisible();
  });

  it('says a page past the end does not exist, and leads to the first one', async () => {
    const { user } = await renderApp('/admin/users?page=99&limit=10', {
      ...signedInAdmin,
      'GET /users': listUsers,
    });
    expect(await screen.findByText('No page 99')).toBeVisible();
    expect(screen.queryByText(/clear the filters/i)).toBeNull();

    await user.click(screen.getByRole('link', { name: 'Go to the first page' }));
    expect(await screen.findAllByTestId('user-row')).toHaveLength(10);
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/admin\/users\?limit=10$/);
  });

  it('offers to clear a search that matches nobody', async () => {
    const { user } = await renderApp('/admin/users?q=nobody&limit=10', {
      ...signedInAdmin,
      'GET /users': listUsers,
    });
    expect(await screen.findByText('No users match')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Clear the search and filters' }));
    expect(await screen.findAllByTestId('user-row')).toHaveLength(10);
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  });
});
