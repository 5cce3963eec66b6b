export function Spinner({ size = 'md' }: { size?: 'sm' | 'md' }) {
  const box = size === 'sm' ? 'h-4 w-4' : 'h-6 w-6';
  return (
    <svg className={`${box} animate-spin`} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" />
    </svg>
  );
}

/** A region that says what is loading, for sighted and screen-reader users alike. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="muted flex items-center gap-3 py-8">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
