import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink writes no frames when it believes it runs in CI; view tests need the frames.
    // KUBEDRILL_FREEZE deep-freezes stored objects so a component mutating shared state fails loudly.
    env: { CI: 'false', KUBEDRILL_FREEZE: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
