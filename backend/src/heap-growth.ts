// How far V8 lets the heap grow past what survived its last full collection before it collects
// again. Left to itself, V8 allows up to four times that when collections are quick, as they are
// for this server's 50 MiB or so of live objects: under load the heap then filled with garbage,
// and the PostgreSQL-mode backend held 279 MiB after a minute at full load. At 1.5 times it held
// 145 MiB, for the same CPU per request (docs/decisions/226, docs/performance.md).
//
// Imported by server.ts before anything else, so it holds from the start; the backend built in
// the tests keeps V8's default.
import v8 from 'node:v8';

const HEAP_GROWING_PERCENT = 50;

// A factor an operator gives on the command line (node --heap-growing-percent=N) stays.
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
