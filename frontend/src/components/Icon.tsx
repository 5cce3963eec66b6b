import type { ReactNode } from 'react';

/** A 20 px line icon drawn with the text colour; decorative, so hidden from screen readers. */
export function LineIcon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      className="h-5 w-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

/** The square, borderless buttons of the header (theme, menu). */
export const iconButtonClass =
  'rounded-lg p-2 text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800';
