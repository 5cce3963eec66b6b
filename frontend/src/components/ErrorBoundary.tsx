// Catches a crash while rendering a page and offers a way back instead of a blank screen.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { buttonClass } from './Button';

interface Props {
  children: ReactNode;
  /** When this changes (e.g. the URL), the boundary clears and renders its children again. */
  resetKey?: string;
}

interface State {
  error: Error | null;
  resetKey: string | undefined;
}

/** A new release replaced the old lazily loaded files: reloading fetches the new ones. */
function isStaleChunk(error: Error): boolean {
  return /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
    error.message,
  );
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Page crashed', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const stale = isStaleChunk(error);
    return (
      <div role="alert" className="card mx-auto my-8 max-w-lg">
        <h1 className="text-xl font-semibold">
          {stale ? 'A new version is available' : 'Something went wrong'}
        </h1>
        <p className="muted mt-2">
          {stale
            ? 'This page changed since you opened the app. Reload to get the latest version.'
            : 'This page hit an unexpected error. You can try again or go back to the home page.'}
        </p>
        {!stale && (
          <pre className="mt-3 overflow-x-auto text-xs whitespace-pre-wrap">{error.message}</pre>
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          {stale ? (
            <button
              type="button"
              className={buttonClass()}
              onClick={() => window.location.reload()}
            >
              Reload
            </button>
          ) : (
            <button
              type="button"
              className={buttonClass()}
              onClick={() => this.setState({ error: null })}
            >
              Try again
            </button>
          )}
          <a href="/" className={buttonClass('secondary')}>
            Go to the home page
          </a>
        </div>
      </div>
    );
  }
}
