import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the workspace packages from source; the CLI tests spawn the built dist.
    alias: {
      '@hspec/runtime': here('./packages/runtime/src/index.ts'),
      '@hspec/generators': here('./packages/generators/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // In CI a JSON report is written too, so that .ci/run can print a plain closing count.
    reporters: process.env['CI'] === 'true' ? ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]] : ['default'],
  },
});
