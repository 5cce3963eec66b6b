// What a list or panel shows when it has nothing, or when loading it failed.
import type { ReactNode } from 'react';
import type { ApiError } from '../lib/api/problem';
import { Alert } from './Alert';
import { Button } from './Button';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {children && <div className="muted mt-1 text-sm">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <Alert tone="error" title="Could not load this">
      <p>{error.userMessage}</p>
      {error.requestId && (
        <p className="mt-1 text-xs">
          Request id: <code className="font-mono">{error.requestId}</code>
        </p>
      )}
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
