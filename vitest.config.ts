import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run the server from source: `@waooaw/source` picks src/*.ts in @waooaw/server's exports map
// (plain Node gets the compiled dist/*.js; see docs/decisions/0025-compiled-build-and-source-condition.md).
const conditions = ['@waooaw/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/web/test/**/*.test.ts',
      'bench/src/**/*.test.ts',
      'deploy/*.test.ts',
    ],
    globalSetup: ['packages/server/src/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
    coverage: {
      provider: 'v8',
      include: ['packages/server/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.contract.ts', 'packages/server/src/testing/**'],
    },
  },
});
