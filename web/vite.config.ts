// Vite builds the SPA that `nrm serve --web-root web/dist` serves. The server
// sends a strict Content-Security-Policy (script-src 'self'; style-src 'self';
// font-src 'self'), so the build must produce files only: no inline scripts,
// no inline styles, no data: fonts.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Every asset (USWDS fonts and icons) becomes a hashed file, never a data: URI.
    assetsInlineLimit: 0,
    // The polyfill is an inline <script>: the CSP would block it.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npm run dev:web` proxies the API to a running `nrm serve` (NRM_URL).
    proxy: {
      '/api': process.env.NRM_URL ?? 'http://127.0.0.1:8080',
      '/readyz': process.env.NRM_URL ?? 'http://127.0.0.1:8080',
    },
  },
});
