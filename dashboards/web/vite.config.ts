/**
 * Builds the web dashboard (dashboards/web) into dashboards/web/dist, which the API serves at `/`
 * (ApiOptions.webRoot). `npm run build`; `npm start` runs it first (prestart), the browser test
 * builds its own copy, so no bundle is ever committed.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the page works wherever the API mounts it.
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No data: URLs and no inline module-preload polyfill, so a strict CSP (script-src 'self') holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // ECharts is the bulk of the bundle; the budget (< 400 KB gzipped) is checked by the browser test.
    chunkSizeWarningLimit: 1500,
  },
});
