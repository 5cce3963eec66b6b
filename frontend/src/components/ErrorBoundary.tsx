// Catches a crash while rendering a page and offers a way back instead of a blank screen.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ChunkLoadError } from '../lib/chunks';
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
    // A page whose code did not load cannot be retried in place: React keeps the failed import.
    const reload = error instanceof ChunkLoadError;
    const newVersion = reload && error.reason === 'new-version';
    return (
      <div role="alert" className="card mx-auto my-8 max-w-lg">
        <h1 className="text-xl font-semibold">
          {newVersion
            ? 'A new version is available'
            : reload
              ? 'This page could not be loaded'
              : 'Something went wrong'}
        </h1>
        <p className="muted mt-2">
          {newVersion
            ? 'GV Playground was updated since you opened it. Reload to get the latest version.'
            : reload
              ? 'Its code did not arrive. Reloading usually fixes this.'
              : 'This page hit an unexpected error. You can try again or go back to the home page.'}
        </p>
        {!newVersion && (
          <pre className="mt-3 overflow-x-auto text-xs whitespace-pre-wrap">{error.message}</pre>
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          {reload ? (
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
