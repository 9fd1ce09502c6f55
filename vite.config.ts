// Vite builds the client (client/ → dist/); Vitest runs three projects: unit, api (real PostGIS
// through Fastify inject) and e2e (Debian chromium via playwright-core against a listening server).
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [
    react(),
    // Installable, and opens with no connection after one visit: client/sw.ts precaches the app
    // shell and serves tiles and records of the offline areas from IndexedDB.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      injectRegister: 'script',
      registerType: 'autoUpdate',
      manifest: {
        name: '民政一张图 · Civic Atlas',
        short_name: '民政一张图',
        description: '养老、殡葬、社区服务设施，行政区域界线与地名',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#b4232a',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
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
