// @ts-check
const { createCjsPreset } = require('jest-preset-angular/presets');

/** @type {import('jest').Config} */
module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  roots: ['<rootDir>/projects/ngx-cache-hub'],
  testMatch: ['**/*.spec.ts'],
  moduleNameMapper: {
    '^ngx-cache-hub$': '<rootDir>/projects/ngx-cache-hub/src/public-api.ts',
    '^ngx-cache-hub/core$': '<rootDir>/projects/ngx-cache-hub/core/src/public-api.ts',
    '^ngx-cache-hub/realtime$': '<rootDir>/projects/ngx-cache-hub/realtime/src/public-api.ts',
    '^ngx-cache-hub/offline$': '<rootDir>/projects/ngx-cache-hub/offline/src/public-api.ts',
    '^ngx-cache-hub/testing$': '<rootDir>/projects/ngx-cache-hub/testing/src/public-api.ts',
    '^ngx-cache-hub/devtools$': '<rootDir>/projects/ngx-cache-hub/devtools/src/public-api.ts',
  },
  maxWorkers: 2,
};
