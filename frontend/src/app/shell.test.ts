import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

/** index.html as the browser gets it, before any JavaScript has run. */
function pageBeforeScripts(): Document {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const html = readFileSync(path.join(here, '..', '..', 'index.html'), 'utf8');
  const page = new DOMParser().parseFromString(html, 'text/html');
  // Into the test's document, where roles and accessible names can be computed.
  document.body.innerHTML = page.body.innerHTML;
  return document;
}

describe('index.html before the app has loaded', () => {
  it('shows the header and says that the console is loading, instead of a blank page', () => {
    const root = pageBeforeScripts().getElementById('root')!;
    expect(root.textContent).toContain('GV Playground');
    expect(within(root).getByRole('status')).toHaveTextContent('Loading GV Playground…');
    expect(root.querySelector('[aria-busy="true"]')).not.toBeNull();
    // The same logo as the app's header, so nothing jumps when React takes over.
    expect(root.querySelector('header img[src="/favicon.svg"]')).not.toBeNull();
  });

  it('tells a browser without JavaScript what is missing', () => {
    const noscript = pageBeforeScripts().querySelector('noscript');
    expect(noscript?.textContent).toMatch(/needs JavaScript/);
  });
});
