import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { UserSort } from '@gv/contract';
import { Button } from '../../../components/Button';
import { ExportCsvButton } from '../../../components/ExportCsvButton';
import { Pagination } from '../../../components/Pagination';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { SelectField } from '../../../components/SelectField';
import { LoadingState } from '../../../components/Spinner';
import { EmptyState, ErrorState } from '../../../components/States';
import { useApiQuery } from '../../../lib/useApiQuery';
import { listUsers } from '../api/usersApi';
import { AddUserDialog } from '../components/AddUserDialog';
import { ariaSortOf, DateSortColumn, SortButton } from '../components/SortableHeader';
import {
  EmailBadge,
  RoleBadge,
  SignInPausedBadge,
  StatusBadge,
  TwoFactorBadge,
} from '../components/UserBadges';

const PAGE_SIZES = ['10', '20', '50', '100'];
// The contract's USER_SORTS, rebuilt here so the page does not load zod for it: every column,
// ascending and descending.
const SORT_COLUMNS = ['name', 'email', 'createdAt', 'lastLoginAt'] as const;
const SORTS: readonly UserSort[] = SORT_COLUMNS.flatMap((column) => [
  column,
  `-${column}` as const,
]);
const DEFAULT_SORT: UserSort = '-createdAt';
const SEARCH_DELAY_MS = 300;

/** Search, filters and page live in the URL, so a filtered view can be bookmarked or shared. */
function readQuery(params: URLSearchParams) {
  const role = params.get('role');
  const status = params.get('status');
  const limit = params.get('limit');
  const sort = SORTS.find((known) => known === params.get('sort')) ?? DEFAULT_SORT;
  return {
    q: params.get('q') ?? '',
    role: role === 'admin' || role === 'user' ? role : undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    limit: limit && PAGE_SIZES.includes(limit) ? Number(limit) : 20,
    sort,
  } as const;
}

/** "page 2", "results for “grace”", "results for “grace”, page 2": what is being loaded. */
function describe(query: ReturnType<typeof readQuery>): string {
  const results = query.q
    ? `results for “${query.q}”`
    : query.role || query.status
      ? 'results'
      : '';
  const page = query.page > 1 ? `page ${query.page}` : '';
  return [results, page].filter(Boolean).join(', ') || 'users';
}

export function AdminUsersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const [search, setSearch] = useState(query.q);
  const users = useApiQuery((signal) => listUsers(query, signal), [searchParams.toString()]);
  // On an error the rows are hidden: they would answer a search or a page not shown.
  const shown = users.error ? undefined : users.data;
  const noRows = shown?.data.length === 0;
  const pastTheEnd = shown !== undefined && query.page > 1 && query.page > shown.pagination.pages;
  const filtered = Boolean(query.q || query.role || query.status);

  // Each change builds on the previous one even before React renders it: React Router hands a
  // functional update the parameters of the last render, so a change made since (the page size
  // chosen while a search waits to be sent) would be undone.
  const latestParams = useRef(searchParams);
  latestParams.current = searchParams;
  const navigateTo = (next: URLSearchParams) => {
    latestParams.current = next;
    setSearchParams(next);
  };
  const update = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(latestParams.current);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!keepPage) next.delete('page');
    navigateTo(next);
  };

  // A new order starts again from the first page; the default order leaves the URL short.
  const sortBy = (sort: UserSort) => update({ sort: sort === DEFAULT_SORT ? undefined : sort });

  const clearSearchAndFilters = () => {
    setSearch('');
    const next = new URLSearchParams();
    const limit = latestParams.current.get('limit');
    if (limit) next.set('limit', limit);
    navigateTo(next);
  };
  const firstPage = new URLSearchParams(searchParams);
  firstPage.delete('page');

  // Search as the admin types, once they pause. The timer calls the latest `update`, whose
  // URL includes any filter chosen during the pause (an older one would undo that choice).
  const updateRef = useRef(update);
  updateRef.current = update;
  useEffect(() => {
    if (search.trim() === query.q) return;
    const timer = setTimeout(() => updateRef.current({ q: search.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, query.q]);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with an account. Open one to manage it."
        actions={
          <>
            <AddUserDialog onAdded={users.reload} />
            <ExportCsvButton
              route="exportUsers"
              // Everything the filter matches, in the order shown, not only this page.
              query={{ q: query.q, role: query.role, status: query.status, sort: query.sort }}
              filename="users.csv"
            />
          </>
        }
      />

      <form
        role="search"
        aria-label="Search users"
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: search.trim() });
        }}
      >
        <div className="sm:col-span-2 lg:col-span-1">
          <label htmlFor="user-search" className="block text-sm font-medium">
            Search
          </label>
          <input
            id="user-search"
            type="search"
            className="field-input mt-1"
            placeholder="Name or email"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <SelectField
          label="Role"
          value={query.role ?? ''}
          onChange={(value) => update({ role: value })}
          options={[
            { value: '', label: 'Any role' },
            { value: 'user', label: 'User' },
            { value: 'admin', label: 'Admin' },
          ]}
        />
        <SelectField
          label="Status"
          value={query.status ?? ''}
          onChange={(value) => update({ status: value })}
          options={[
            { value: '', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'disabled', label: 'Disabled' },
          ]}
        />
        <SelectField
          label="Per page"
          value={String(query.limit)}
          onChange={(value) => update({ limit: value })}
          options={PAGE_SIZES.map((size) => ({ value: size, label: size }))}
        />
      </form>

      {/* What the rows on screen are while others load, announced politely. */}
      <p role="status" className="muted mb-2 min-h-5 text-sm">
        {users.fetching && users.data && !users.error ? `Loading ${describe(query)}…` : ''}
      </p>
      {(users.loading || (noRows && users.stale)) && <LoadingState label="Loading users…" />}
      {users.error && <ErrorState error={users.error} onRetry={users.reload} />}
      {noRows && !users.stale && (
        <EmptyState
          title={
            pastTheEnd ? `No page ${query.page}` : filtered ? 'No users match' : 'No users yet'
          }
        >
          {pastTheEnd ? (
            <Link to={{ search: firstPage.toString() }} className="link">
              Go to the first page
            </Link>
          ) : (
            filtered && (
              <Button variant="secondary" size="sm" onClick={clearSearchAndFilters}>
                Clear the search and filters
              </Button>
            )
          )}
        </EmptyState>
      )}
      {shown && shown.data.length > 0 && (
        <>
          <div
            className={`card overflow-x-auto p-0 transition-opacity sm:p-0 ${users.fetching ? 'opacity-50' : ''}`}
            role="region"
            aria-label="Users"
            aria-busy={users.fetching}
            tabIndex={0}
          >
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 dark:border-slate-800">
                <tr>
                  <th
                    scope="col"
                    className="px-4 py-3 font-semibold"
                    aria-sort={ariaSortOf(query.sort, ['name', 'email'])}
                  >
                    <span className="flex flex-wrap gap-3">
                      <SortButton label="Name" field="name" sort={query.sort} onSort={sortBy} />
                      <SortButton label="Email" field="email" sort={query.sort} onSort={sortBy} />
                    </span>
                  </th>
                  <th scope="col" className="hidden px-4 py-3 font-semibold sm:table-cell">
                    Role
                  </th>
                  <th scope="col" className="hidden px-4 py-3 font-semibold sm:table-cell">
                    Status
                  </th>
                  <th scope="col" className="hidden px-4 py-3 font-semibold md:table-cell">
                    Security
                  </th>
                  <DateSortColumn
                    label="Last sign-in"
                    field="lastLoginAt"
                    sort={query.sort}
                    onSort={sortBy}
                  />
                  <DateSortColumn
                    label="Joined"
                    field="createdAt"
                    sort={query.sort}
                    onSort={sortBy}
                  />
                  <th scope="col" className="px-4 py-3 font-semibold">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {shown.data.map((user) => (
                  <tr key={user.id} data-testid="user-row">
                    <td className="max-w-0 px-4 py-3 sm:max-w-none">
                      {/* Wrapped, not cut off: on a phone this column is narrow. */}
                      <p className="font-medium wrap-anywhere">{user.name}</p>
                      <p className="muted wrap-anywhere">{user.email}</p>
                      <SignInPausedBadge lockedUntil={user.lockedUntil} />
                      <p className="mt-1 flex flex-wrap gap-1 sm:hidden">
                        <RoleBadge role={user.role} />
                        <StatusBadge status={user.status} />
                      </p>
                      {/* The Security column is hidden on narrow screens: its badges show here instead. */}
                      <p className="mt-1 flex flex-wrap gap-1 md:hidden">
                        <EmailBadge verified={user.emailVerified} />
                        <TwoFactorBadge enabled={user.twoFactorEnabled} />
                      </p>
                    </td>
                    <td className="hidden px-4 py-3 sm:table-cell">
                      <RoleBadge role={user.role} />
                    </td>
                    <td className="hidden px-4 py-3 sm:table-cell">
                      <StatusBadge status={user.status} />
                    </td>
                    <td className="hidden px-4 py-3 md:table-cell">
                      <span className="flex flex-col items-start gap-1">
                        <EmailBadge verified={user.emailVerified} />
                        <TwoFactorBadge enabled={user.twoFactorEnabled} />
                      </span>
                    </td>
                    <td className="hidden px-4 py-3 lg:table-cell">
                      {user.lastLoginAt ? <RelativeTime value={user.lastLoginAt} /> : 'never'}
                    </td>
                    <td className="hidden px-4 py-3 lg:table-cell">
                      <RelativeTime value={user.createdAt} />
                    </td>
                    <td className="px-4 py-3 text-right">
                      <Link
                        to={`/admin/users/${user.id}`}
                        className="link whitespace-nowrap"
                        aria-label={`Manage ${user.name} (${user.email})`}
                      >
                        Manage
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            info={shown.pagination}
            noun="users"
            onPage={(page) => update({ page: String(page) }, true)}
          />
        </>
      )}
    </>
  );
}
