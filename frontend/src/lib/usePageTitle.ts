import { useEffect } from 'react';

/** Sets the tab title; screen readers announce it when the page changes. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · GV Playground` : 'GV Playground';
  }, [title]);
}
