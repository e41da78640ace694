import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: the long property runs in tests/fuzz, never part of `npm test` (vitest.config.ts). */
export default defineConfig({
  test: {
    include: ['tests/fuzz/**/*.fuzz.ts'],
    maxWorkers: 1,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
