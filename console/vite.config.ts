// Builds the console (a Preact single-page app) into dist/console/, which the control plane serves.
// Run from the repository root: `vite build --config console/vite.config.ts`.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  // `vite --config console/vite.config.ts` for development: the control plane's routes on :4100.
  server: { proxy: { '/_dtu': { target: 'http://127.0.0.1:4100', ws: true } } },
});
