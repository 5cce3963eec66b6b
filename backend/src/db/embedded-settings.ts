// How the embedded database (PGlite) is configured; its own module so that the benchmark's memory
// probe opens PGlite exactly as the backend does, without loading the rest of the backend.
import type { PGliteOptions } from '@electric-sql/pglite';

/**
 * PostgreSQL's default 128 MB of shared buffers, inside PGlite's WebAssembly memory, was about
 * half of what `npm start` held at rest. A playground's database fits in 16 MB, and its files stay
 * in the operating system's cache (docs/performance.md, docs/decisions/216).
 */
export const EMBEDDED_SETTINGS: PGliteOptions = { postgresqlconf: ['shared_buffers = 16MB'] };
