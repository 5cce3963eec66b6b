// Test environment for the console: jest-dom matchers, a clean DOM after each test, and the
// browser APIs jsdom lacks.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// findBy*/waitFor give up after 1 s by default. Pages are split into lazily loaded chunks, and
// while the full suite runs beside the backend tests on two cores, loading one can take longer:
// a longer ceiling only changes how long a real failure takes to report.
configure({ asyncUtilTimeout: 5_000 });

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom does not scroll; the layout scrolls to the top after each navigation.
window.scrollTo = () => undefined;
