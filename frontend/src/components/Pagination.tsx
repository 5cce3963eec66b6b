import type { Pagination as PageInfo } from '@gv/contract';
import { Button } from './Button';

export function Pagination({
  info,
  noun,
  onPage,
}: {
  info: PageInfo;
  /** Plural noun for the total, e.g. "users". */
  noun: string;
  onPage: (page: number) => void;
}) {
  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p className="muted">
        Page {info.page} of {Math.max(info.pages, 1)} · {info.total} {noun}
      </p>
      <div className="flex gap-2">
        <Button
          variant="secondary"
          size="sm"
          disabled={!info.hasPrev}
          onClick={() => onPage(info.page - 1)}
        >
          Previous
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={!info.hasNext}
          onClick={() => onPage(info.page + 1)}
        >
          Next
        </Button>
      </div>
    </nav>
  );
}
