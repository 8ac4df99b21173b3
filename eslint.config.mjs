// @ts-check
// Lint for the library TypeScript (projects/ngx-cache-hub). Run with `npm run lint`, which also runs knip.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import angular from 'angular-eslint';

const ANGULAR_ENTRY_POINTS = ['ngx-cache-hub', 'ngx-cache-hub/realtime', 'ngx-cache-hub/offline', 'ngx-cache-hub/testing', 'ngx-cache-hub/devtools'];

export default tseslint.config(
  { ignores: ['dist/**', 'out-tsc/**', '.tmp/**', 'node_modules/**'] },
  {
    files: ['projects/ngx-cache-hub/**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended, ...angular.configs.tsRecommended],
    rules: {
      // `_`-prefixed names and rest siblings are how the sources omit fields (`const { select: _select, ...policy } = next`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `interface CacheHubService extends Omit<...> {}` merges with the const of the same name: the token's public type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['projects/ngx-cache-hub/**/*.spec.ts'],
    rules: {
      // Test doubles and fixtures reach into values of any shape.
      '@typescript-eslint/no-explicit-any': 'off',
      // jest.isolateModules needs require() to load a module fresh (public-api.server.spec.ts).
      '@typescript-eslint/no-require-imports': 'off',
      // Specs check that constructor injection keeps working for users who still write it.
      '@angular-eslint/prefer-inject': 'off',
    },
  },
  {
    // The framework-agnostic core must stay free of Angular so it tree-shakes and runs anywhere;
    // so must the devtools' model (its Angular view is a thin layer over it).
    files: ['projects/ngx-cache-hub/core/src/**/*.ts', 'projects/ngx-cache-hub/devtools/src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ANGULAR_ENTRY_POINTS.map((name) => ({
            name,
            message: 'ngx-cache-hub/core is framework-agnostic: it must not import the Angular entry points (they depend on core, not the reverse).',
          })),
          patterns: [
            {
              group: ['@angular/*'],
              message: 'ngx-cache-hub/core is framework-agnostic: no @angular/* imports; put Angular code in the ngx-cache-hub entry points.',
            },
          ],
        },
      ],
    },
  },
);
