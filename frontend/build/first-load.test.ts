import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamicFiles, filesReferencedBy, pageFiles, readBuild, type Manifest } from './first-load';

const html = `<!doctype html>
<html><head>
<link rel="icon" type="image/svg+xml" href="/favicon.svg" />
<script src="/theme-init.js"></script>
<link rel="preconnect" href="https://fonts.example.com" />
<script type="module" crossorigin src="/assets/index-A1.js"></script>
<link rel="modulepreload" crossorigin href="/assets/vendor-B2.js">
<link rel="stylesheet" crossorigin href="/assets/index-C3.css">
</head><body><div id="root"></div></body></html>`;

const manifest: Manifest = {
  'index.html': {
    file: 'assets/index-A1.js',
    isEntry: true,
    imports: ['_vendor-B2.js'],
    css: ['assets/index-C3.css'],
    dynamicImports: [
      'src/features/auth/pages/LoginPage.tsx',
      'src/features/home/pages/HomePage.tsx',
    ],
  },
  '_vendor-B2.js': { file: 'assets/vendor-B2.js' },
  'src/features/home/pages/HomePage.tsx': { file: 'assets/HomePage-D4.js' },
  'src/features/auth/pages/LoginPage.tsx': {
    file: 'assets/LoginPage-E5.js',
    imports: ['_Form-F6.js', '_vendor-B2.js'],
    dynamicImports: ['_contract-G7.js'],
  },
  '_Form-F6.js': {
    file: 'assets/Form-F6.js',
    css: ['assets/Form-H8.css'],
    dynamicImports: ['_estimator-J9.js'],
  },
  '_contract-G7.js': { file: 'assets/contract-G7.js' },
  '_estimator-J9.js': { file: 'assets/estimator-J9.js' },
};

const dist = mkdtempSync(path.join(os.tmpdir(), 'gv-first-load-'));
mkdirSync(path.join(dist, '.vite'));
writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
writeFileSync(path.join(dist, 'index.html'), html);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('first-load files', () => {
  it('reads the files index.html makes the browser fetch, and nothing off-site', () => {
    expect(filesReferencedBy(html).sort()).toEqual([
      'assets/index-A1.js',
      'assets/index-C3.css',
      'assets/vendor-B2.js',
      'favicon.svg',
      'theme-init.js',
    ]);
  });

  it('counts the page, index.html, what it references, stylesheets and shared chunks', () => {
    const login = pageFiles(readBuild(dist), 'src/features/auth/pages/LoginPage.tsx');
    expect([...login].sort()).toEqual([
      'assets/Form-F6.js',
      'assets/Form-H8.css',
      'assets/LoginPage-E5.js',
      'assets/index-A1.js',
      'assets/index-C3.css',
      'assets/vendor-B2.js',
      'favicon.svg',
      'index.html',
      'theme-init.js',
    ]);
    expect(login.has('assets/HomePage-D4.js')).toBe(false);
  });

  it('lists what the page’s code imports dynamically, but not the other pages', () => {
    const app = readBuild(dist);
    const key = 'src/features/auth/pages/LoginPage.tsx';
    expect([...dynamicFiles(app, key, pageFiles(app, key))].sort()).toEqual([
      'assets/contract-G7.js',
      'assets/estimator-J9.js',
    ]);
  });
});
