// Jest runs TypeScript through SWC: Nest 12 is ESM-only and Jest's own require(esm) needs Node 24.9+,
// so SWC also converts the ESM files of @nestjs/* and the other ESM-only dependencies (see README).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@remix-run)/)'],
  moduleNameMapper: {
      "^@gw/config$": "<rootDir>/libs/config/src",
      "^@gw/config/(.*)$": "<rootDir>/libs/config/src/$1",
      "^@gw/cache$": "<rootDir>/libs/cache/src",
      "^@gw/cache/(.*)$": "<rootDir>/libs/cache/src/$1",
      "^@gw/observability$": "<rootDir>/libs/observability/src",
      "^@gw/observability/(.*)$": "<rootDir>/libs/observability/src/$1",
      "^@gw/soap$": "<rootDir>/libs/soap/src",
      "^@gw/soap/(.*)$": "<rootDir>/libs/soap/src/$1",
      "^@gw/ihe$": "<rootDir>/libs/ihe/src",
      "^@gw/ihe/(.*)$": "<rootDir>/libs/ihe/src/$1",
      "^@gw/pds$": "<rootDir>/libs/pds/src",
      "^@gw/pds/(.*)$": "<rootDir>/libs/pds/src/$1",
      "^@gw/sds$": "<rootDir>/libs/sds/src",
      "^@gw/sds/(.*)$": "<rootDir>/libs/sds/src/$1",
      "^@gw/gp-connect$": "<rootDir>/libs/gp-connect/src",
      "^@gw/gp-connect/(.*)$": "<rootDir>/libs/gp-connect/src/$1",
      "^@gw/ccda$": "<rootDir>/libs/ccda/src",
      "^@gw/ccda/(.*)$": "<rootDir>/libs/ccda/src/$1",
      "^@gw/auth$": "<rootDir>/libs/auth/src",
      "^@gw/auth/(.*)$": "<rootDir>/libs/auth/src/$1",
      "^@gw/audit$": "<rootDir>/libs/audit/src",
      "^@gw/audit/(.*)$": "<rootDir>/libs/audit/src/$1"
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
};
