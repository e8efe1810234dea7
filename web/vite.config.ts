// Vite configuration of the web app. Vite 8 transforms JSX itself through oxc, so no React
// plugin is needed; the automatic runtime imports react/jsx-runtime.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
  },
});
