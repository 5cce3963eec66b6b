// Vite builds the console and, in development, proxies /api to the backend so the browser sees
// one origin (the refresh cookie and the same-origin checks behave as in production).
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { precompress } from './build/precompress';

// `npm run dev` passes the backend it starts; run alone, the proxy follows PORT as the backend does.
const backendUrl = process.env.VITE_BACKEND_URL || `http://127.0.0.1:${process.env.PORT || 3000}`;

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  resolve: {
    // Read @gv/contract from its TypeScript source, so the contract needs no build step first.
    conditions: [...defaultClientConditions, 'source'],
  },
  server: {
    port: 5173,
    proxy: {
      // Keep the browser's Host header: the backend's same-origin check on /api/auth/refresh
      // compares it with the Origin header.
      '/api': { target: backendUrl, changeOrigin: false },
    },
  },
  build: {
    // build/check-size.ts reads the manifest to add up what each page downloads.
    manifest: true,
    target: 'es2022',
    // Every browser that runs ES2022 preloads modules itself (Safari 16 only loses the head start).
    modulePreload: { polyfill: false },
    // Terser, two passes: about 3 KB gzip less than esbuild on the entry chunk, which the
    // first-screen budget needs (docs/decisions/174); it costs seconds of build time.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 }, format: { comments: false } },
    rollupOptions: {
      output: {
        // zod and the contract's schemas in one named chunk, loaded by the pages with forms. The
        // password-strength estimator and its dictionaries are much larger and get their own,
        // imported only when someone types a new password (docs/decisions/121).
        manualChunks: (id) => {
          // The path filler imports nothing and every call needs it: it stays in the entry chunk.
          if (id.includes('/packages/contract/src/paths')) return undefined;
          if (
            id.includes('/packages/contract/src/password-strength') ||
            id.includes('/@zxcvbn-ts/')
          )
            return 'password-strength';
          return id.includes('/packages/contract/') || id.includes('/node_modules/zod/')
            ? 'contract'
            : undefined;
        },
      },
      onwarn(warning, warn) {
        // zod ships `@__PURE__` comments in places Rollup cannot use; harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) {
          return;
        }
        warn(warning);
      },
    },
  },
});
