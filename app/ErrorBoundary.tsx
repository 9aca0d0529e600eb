import { Component, type ErrorInfo, type ReactNode } from 'react';

type Props = { children: ReactNode };
type State = { error: Error | null };

/**
 * The last line of defence: if a view throws while rendering, the learner sees what happened and two
 * ways back instead of a blank page. Saved tutorial and exercise progress lives in localStorage and is
 * untouched by either way back.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="app fatal" role="alert">
        <h1>Something went wrong on this page</h1>
        <p>
          The playground hit an error it could not recover from: <code>{error.message}</code>
        </p>
        <p>Your tutorial and exercise progress is saved and will still be there.</p>
        <p className="fatal-actions">
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            Reload the page
          </button>
          <button type="button" onClick={() => window.location.assign(window.location.pathname)}>
            Start again with the default settings
          </button>
        </p>
      </main>
    );
  }
}
