import { resolveTheme, useTheme } from '../lib/theme';
import { iconButtonClass, LineIcon } from './Icon';

/**
 * One click flips the theme. Picking the same theme as the system's goes back to following the
 * system, so a later change of the system setting is picked up again.
 */
export function ThemeToggle() {
  const [preference, setPreference] = useTheme();
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const current = resolveTheme(preference, systemDark);
  const next = current === 'dark' ? 'light' : 'dark';
  const systemTheme = systemDark ? 'dark' : 'light';

  return (
    <button
      type="button"
      onClick={() => setPreference(next === systemTheme ? 'system' : next)}
      className={iconButtonClass}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-theme-current={current}
    >
      {current === 'dark' ? (
        <svg viewBox="0 0 24 24" className="h-5 w-5" fill="currentColor" aria-hidden="true">
          <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" />
        </svg>
      ) : (
        <LineIcon>
          <circle cx="12" cy="12" r="4" />
          <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </LineIcon>
      )}
    </button>
  );
}
