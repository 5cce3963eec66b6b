// Unsaved form input kept in sessionStorage, so a forced sign-in (an expired or ended session
// sends the person to the login page, unmounting the form) does not throw away what they typed.
// sessionStorage is per tab and gone when the tab closes; the key names the user, so whoever signs
// in next in this tab never sees another person's draft.
import { useCallback, useEffect, useRef } from 'react';

const PREFIX = 'gv.draft.';

function read<V extends Record<string, string>>(key: string, fallback: V): V | null {
  try {
    const stored = sessionStorage.getItem(PREFIX + key);
    if (!stored) return null;
    const parsed = JSON.parse(stored) as unknown;
    if (!parsed || typeof parsed !== 'object') return null;
    // Only the form's own fields, and only strings: the stored text is not trusted blindly.
    const draft = { ...fallback };
    for (const name of Object.keys(fallback) as Array<keyof V>) {
      const value = (parsed as Record<string, unknown>)[name as string];
      if (typeof value === 'string') draft[name] = value as V[keyof V];
    }
    return draft;
  } catch {
    return null;
  }
}

/**
 * The draft saved for `key`, if any, and functions to save and clear it. Storage that refuses
 * (private modes, a full quota) only means no draft: the form works as before.
 */
export function useFormDraft<V extends Record<string, string>>(key: string, saved: V) {
  const restored = useRef<V | null | undefined>(undefined);
  if (restored.current === undefined) restored.current = read(key, saved);

  const save = useCallback(
    (values: V) => {
      try {
        const unchanged = Object.keys(saved).every((name) => values[name] === saved[name]);
        if (unchanged) sessionStorage.removeItem(PREFIX + key);
        else sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
      } catch {
        // Nowhere to keep it; nothing else to do.
      }
    },
    [key, saved],
  );

  const clear = useCallback(() => {
    try {
      sessionStorage.removeItem(PREFIX + key);
    } catch {
      // As above.
    }
  }, [key]);

  return { restored: restored.current, save, clear };
}

/** Saves `values` as the draft whenever they change. */
export function useSaveDraft<V extends Record<string, string>>(
  values: V,
  save: (values: V) => void,
): void {
  useEffect(() => save(values), [values, save]);
}
