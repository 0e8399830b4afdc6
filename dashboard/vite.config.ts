/**
 * Builds the dashboard into dashboard/dist, which `fundtrail serve` serves at `/`. In development
 * (`npx vite --config dashboard/vite.config.ts`) /api is proxied to a running `fundtrail serve --port 3100`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': `http://localhost:${process.env['FUNDTRAIL_API_PORT'] ?? '3100'}` } },
});
