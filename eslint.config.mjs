// ESLint flat config: typescript-eslint's recommended rules and eslint-plugin-security's (as errors);
// formatting is Prettier's job (eslint-config-prettier).
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import security from 'eslint-plugin-security';

const securityAsErrors = Object.fromEntries(Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'error']));

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'bench-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    rules: {
      ...securityAsErrors,
      // Flags every obj[key] (159 places) without type information; TypeScript types each index.
      // A lookup table indexed by outside input checks the key first (a known-name set, or
      // Object.hasOwn as in codeSystemOf) so "constructor" or "__proto__" finds nothing.
      'security/detect-object-injection': 'off',
    },
  },
  {
    // Tests, benchmarks and repository scripts are not deployed: they read fixtures by path and build
    // matchers from their own constants.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-regexp': 'off',
      'security/detect-unsafe-regex': 'off',
    },
  },
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Apps and libs reach a lib through its @gw/<lib> alias and index.ts only, never its internals
    // (tests and benchmarks may reach further in).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@gw/*/*'], message: 'Import a lib through its @gw/<lib> index only.' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
