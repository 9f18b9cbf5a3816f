// ESLint (flat config): the recommended rules of ESLint and typescript-eslint
// for the web client (web/), the JavaScript tests (test/) and the node scripts
// (scripts/). Formatting is prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'web/dist/', 'web/src/api-types.ts'] },
  js.configs.recommended,
  {
    files: ['web/src/**/*.{ts,tsx}', 'web/vite.config.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/dev/**/*.js', 'test/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', '*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Browser tests pass functions to page.evaluate(), which run in the page.
    files: ['test/e2e/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
