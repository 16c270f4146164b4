import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink writes no frames when it believes it runs in CI; view tests need the frames.
    // KUBEDRILL_FREEZE deep-freezes stored objects so a component mutating shared state fails loudly.
    // KUBEDRILL_OUTER_CI keeps the real CI value: end-to-end tests skip only where their tool is
    // missing and never under CI.
    env: { CI: 'false', KUBEDRILL_FREEZE: '1', KUBEDRILL_OUTER_CI: process.env.CI ?? '' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
