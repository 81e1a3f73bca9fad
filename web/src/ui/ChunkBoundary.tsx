// Shows a plain message instead of a blank page when part of the app fails to load or render.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n';

function Fallback({ onRetry }: { onRetry(): void }) {
  const t = useT();
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert-title">{t('error.chunk')}</p>
      <p>{t('error.chunkHelp')}</p>
      <button type="button" className="button button--secondary" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** `onRetry` defaults to reloading the page; pass one that re-creates the lazy component where a reload would lose input. */
export class ChunkBoundary extends Component<{ children: ReactNode; resetKey?: string; onRetry?(): void }, { failed: boolean; key?: string }> {
  override state: { failed: boolean; key?: string } = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { resetKey?: string }, state: { failed: boolean; key?: string }) {
    // Navigating elsewhere clears the failure.
    return props.resetKey !== state.key ? { failed: false, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('Aduan: part of the page failed', error, info.componentStack);
  }

  override render() {
    if (this.state.failed) {
      const retry = this.props.onRetry;
      return <Fallback onRetry={retry ? () => (retry(), this.setState({ failed: false })) : () => location.reload()} />;
    }
    return this.props.children;
  }
}
