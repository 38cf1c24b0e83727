import { defineConfig } from 'vite';

// Preact through Vite's built-in oxc JSX transform (no preset plugin installed): the automatic
// runtime imports from preact/jsx-runtime. `npm run web:dev` proxies the API to a running
// `courtedge serve` (COURTEDGE_DEV_API, default http://127.0.0.1:8787).
const api = process.env.COURTEDGE_DEV_API ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The JS budget is measured by the browser test; report gzip sizes in the build log too.
    reportCompressedSize: true,
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/v1': api, '/api': api } },
});
