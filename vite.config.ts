// Vite builds the client (client/ → dist/); Vitest runs three projects: unit, api (real PostGIS
// through Fastify inject) and e2e (Debian chromium via playwright-core against a listening server).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': `http://localhost:${process.env.API_PORT ?? 8081}`,
      '/tiles': `http://localhost:${process.env.API_PORT ?? 8081}`,
      '/docs': `http://localhost:${process.env.API_PORT ?? 8081}`,
    },
  },
  test: {
    root: '.',
    // The test files share a small machine: a second of event-loop lag while another file works
    // is not overload (server/modules/security/load-limits.ts).
    env: { MAX_EVENT_LOOP_DELAY_MS: '30000' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          testTimeout: 30_000,
          include: ['tests/unit/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          root: '.',
          include: ['tests/api/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
