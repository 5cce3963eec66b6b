// Loading a page's code, and telling apart the two reasons it fails: the server cannot be reached
// (wait for it, then load again), or a new release has replaced the files this tab knows about
// (only a reload helps). Browsers report both with the same message (docs/decisions/175).
import { connection } from './api';

/** Why a page's code did not load: a new release replaced it, or nobody knows (reload anyway). */
export class ChunkLoadError extends Error {
  readonly reason: 'new-version' | 'unknown';

  constructor(reason: 'new-version' | 'unknown', cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ChunkLoadError';
    this.reason = reason;
  }
}

type Diagnosis = 'unreachable' | 'new-version' | 'available' | 'unknown';

/** Chromium and Firefox name the file in the message; Vite names a stylesheet it could not load. */
const FILE_IN_MESSAGE = /(?:https?:\/\/[^\s'"]+?|\/assets\/[^\s'"]+?)\.(?:js|css)\b/;

/** The entry script of a page, which changes with every release. */
function entryScript(html: string): string | undefined {
  return /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
}

/** The file named by the error, or by the error it wraps. */
function fileNamedBy(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const file = FILE_IN_MESSAGE.exec(current.message)?.[0];
    if (file) return file;
  }
  return undefined;
}

async function diagnose(error: unknown): Promise<Diagnosis> {
  const file = fileNamedBy(error);
  try {
    if (file) {
      const response = await fetch(file, { method: 'HEAD', cache: 'no-store' });
      if (response.status === 404) return 'new-version';
      if (response.ok) return 'available';
      return [502, 503, 504].includes(response.status) ? 'unreachable' : 'unknown';
    }
    // No file named (Safari): ask for index.html and compare its entry script with this page's.
    const response = await fetch('/', { cache: 'no-store', headers: { Accept: 'text/html' } });
    if (!response.ok) return [502, 503, 504].includes(response.status) ? 'unreachable' : 'unknown';
    const current = entryScript(document.documentElement.outerHTML);
    return entryScript(await response.text()) === current ? 'available' : 'new-version';
  } catch {
    // fetch rejects only when no answer came at all.
    return 'unreachable';
  }
}

/**
 * Runs `load` (a dynamic import) until it succeeds. While the server is unreachable it waits for
 * it to answer again and retries, so the page appears by itself; a new release, or a file that is
 * there but still fails to load, becomes a ChunkLoadError for the error boundary.
 */
export async function loadChunk<M>(load: () => Promise<M>): Promise<M> {
  let retriedWhileAvailable = false;
  for (;;) {
    try {
      return await load();
    } catch (error) {
      const diagnosis = await diagnose(error);
      if (diagnosis === 'unreachable') {
        connection.reportUnreachable();
        await connection.whenReachable();
      } else if (diagnosis === 'available' && !retriedWhileAvailable) {
        // The server answers now: it was down a moment ago. One more try.
        retriedWhileAvailable = true;
      } else {
        throw new ChunkLoadError(diagnosis === 'new-version' ? 'new-version' : 'unknown', error);
      }
    }
  }
}
