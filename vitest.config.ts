import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'local/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real servers (the local plane, Azurite, registries); give them room
    // but never use time as an assertion: speed lives in bench/.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    reporters: ['default'],
  },
});
