import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real servers (influxd, chromium) on free loopback ports.
    pool: 'forks',
    // `gaitd run` serves its API on 8080 by default; tests (and the daemons they spawn, which
    // inherit the environment) take a free port instead, so parallel files never collide.
    env: { GAITD_PORT: '0' },
  },
});
