import type { UserSort } from '@gv/contract';

type SortField = Exclude<UserSort, `-${string}`>;

/** Which way a sort runs, as aria-sort names it; `none` when the list is sorted by another field. */
export function ariaSortOf(sort: UserSort, fields: readonly SortField[]) {
  const field = sort.replace(/^-/, '') as SortField;
  if (!fields.includes(field)) return 'none' as const;
  return sort.startsWith('-') ? ('descending' as const) : ('ascending' as const);
}

/**
 * A column title that sorts by its field: the first click sorts the way a reader expects first
 * (A to Z, newest dates first), the next one reverses it.
 */
export function SortButton({
  label,
  field,
  sort,
  descendingFirst = false,
  onSort,
}: {
  label: string;
  field: SortField;
  sort: UserSort;
  descendingFirst?: boolean;
  onSort: (sort: UserSort) => void;
}) {
  const active = sort.replace(/^-/, '') === field;
  const descending = sort.startsWith('-');
  const next: UserSort = active
    ? descending
      ? field
      : `-${field}`
    : descendingFirst
      ? `-${field}`
      : field;
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 font-semibold hover:underline"
      onClick={() => onSort(next)}
    >
      {label}
      <span aria-hidden="true" className={active ? '' : 'opacity-30'}>
        {active && !descending ? '▲' : '▼'}
      </span>
    </button>
  );
}

/** A column header sorted by its one field, newest first on the first click (the date columns). */
export function DateSortColumn({
  label,
  field,
  sort,
  onSort,
}: {
  label: string;
  field: SortField;
  sort: UserSort;
  onSort: (sort: UserSort) => void;
}) {
  return (
    <th
      scope="col"
      className="hidden px-4 py-3 font-semibold lg:table-cell"
      aria-sort={ariaSortOf(sort, [field])}
    >
      <SortButton label={label} field={field} sort={sort} descendingFirst onSort={onSort} />
    </th>
  );
}
