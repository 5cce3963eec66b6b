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

/**
 * Why something did not load. When the server could not be reached this says that it is being
 * retried: the query loads again by itself once the server answers (lib/useApiQuery.ts).
 */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  if (error.unreachable) {
    return (
      <Alert tone="warning" title="Cannot reach the server — retrying">
        <p>This loads again by itself as soon as the server answers.</p>
        {onRetry && (
          <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry}>
            Retry now
          </Button>
        )}
      </Alert>
    );
  }
  return (
    <Alert tone="error" title="Could not load this">
      <p>{error.userMessage}</p>
      {error.fieldErrors.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {error.fieldErrors.map((field) => (
            <li key={`${field.path}:${field.message}`}>
              <code className="font-mono">{field.path}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
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
