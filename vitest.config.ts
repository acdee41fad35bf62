import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { bundledDataset } from './scripts/vite-dataset-plugin.ts';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), bundledDataset()],
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['tests/setup/reset-fake-browser.ts'],
        },
      },
      {
        plugins: [WxtVitest(), preact(), bundledDataset()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/dom/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/reset-fake-browser.ts', 'tests/setup/cleanup-dom.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // Real browsers on a 2-core machine: one file at a time keeps timings honest and stable.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
