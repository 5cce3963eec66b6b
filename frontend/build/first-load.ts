// What a visitor downloads for the first page they open: index.html, every file it references
// (scripts, module preloads, stylesheets, the icon), the entry's static imports and the page's
// chunks; and what the page may import dynamically afterwards (docs/decisions/174). Read from the
// built index.html and Vite's manifest.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of .vite/manifest.json (the fields used here). */
export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface BuiltApp {
  dist: string;
  manifest: Manifest;
  html: string;
}

export function readBuild(dist: string): BuiltApp {
  const manifestPath = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`No build manifest at ${manifestPath}. Run "npm run build -w frontend" first.`);
  }
  return {
    dist,
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest,
    html: readFileSync(path.join(dist, 'index.html'), 'utf8'),
  };
}

/** The same-origin files index.html makes the browser fetch, as paths inside the build folder. */
export function filesReferencedBy(html: string): string[] {
  const files = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    if (tag.startsWith('<link') && !/\b(stylesheet|modulepreload|icon)\b/.test(rel)) continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url?.startsWith('/') && !url.startsWith('//')) files.add(url.slice(1).split(/[?#]/)[0]!);
  }
  return [...files];
}

/** The manifest keys of a chunk and of everything it imports statically, recursively. */
function staticKeys(manifest: Manifest, key: string, keys = new Set<string>()): Set<string> {
  if (!manifest[key] || keys.has(key)) return keys;
  keys.add(key);
  for (const imported of manifest[key].imports ?? []) staticKeys(manifest, imported, keys);
  return keys;
}

/** The files of those chunks: their JavaScript, CSS and assets. */
function filesOf(manifest: Manifest, keys: Iterable<string>, files = new Set<string>()) {
  for (const key of keys) {
    const chunk = manifest[key]!;
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
  }
  return files;
}

export function entryKey(manifest: Manifest): string {
  const key = Object.keys(manifest).find((name) => manifest[name]!.isEntry);
  if (!key) throw new Error('The build manifest has no entry chunk.');
  return key;
}

/** What opening any page downloads first: index.html, what it references, the entry's closure. */
export function shellFiles(app: BuiltApp): Set<string> {
  const files = new Set(['index.html', ...filesReferencedBy(app.html)]);
  return filesOf(app.manifest, staticKeys(app.manifest, entryKey(app.manifest)), files);
}

/** What a visitor who opens this page first downloads before it appears: the shell and the page. */
export function pageFiles(app: BuiltApp, pageKey: string): Set<string> {
  return filesOf(app.manifest, staticKeys(app.manifest, pageKey), shellFiles(app));
}

/**
 * What the page's code imports dynamically — on its own or on some action — and is not already
 * in `loaded`. The entry's dynamic imports are the other pages, so they do not count.
 */
export function dynamicFiles(app: BuiltApp, pageKey: string, loaded: Set<string>): Set<string> {
  const { manifest } = app;
  const entry = entryKey(manifest);
  const later = new Set<string>();
  for (const key of staticKeys(manifest, pageKey)) {
    if (key === entry) continue;
    for (const dynamic of manifest[key]!.dynamicImports ?? []) staticKeys(manifest, dynamic, later);
  }
  return new Set([...filesOf(manifest, later)].filter((file) => !loaded.has(file)));
}

/** Gzip size at zlib's default level, which is close to what servers use on the fly. */
export function gzipSize(app: BuiltApp, file: string): number {
  return gzipSync(readFileSync(path.join(app.dist, file))).length;
}

/** Pages are the lazily loaded modules under src/features/<feature>/pages/, named after the file. */
export function pageKeys(manifest: Manifest): Array<{ key: string; name: string }> {
  return Object.keys(manifest)
    .filter((key) => /^src\/features\/[^/]+\/pages\/[^/]+\.tsx$/.test(key))
    .map((key) => ({ key, name: path.basename(key, '.tsx').replace(/Page$/, '') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
