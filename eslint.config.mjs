// Architecture rules as lint rules (STYLE.md): project tags + @nx/enforce-module-boundaries.
// The layers, each importing only those below it:
//   type:app → type:feature → type:platform → type:infra → type:domain → type:contracts (zod only)
// The web apps (apps/reception, browser code) use type:ui (libs/ui: React components, i18n, JST), which
// sits on contracts and domain only: no service code reaches the browser bundle.
// Apart: type:tool (bench, load driver) and type:testing may import any layer, and no layer imports
// them (specs may import testing); type:harness (the embedded run) composes the services with the
// simulated federation from tools. scope:<service> → its own scope and scope:shared; tools and the
// embedded run may reach every scope.
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', '.nx/**', '**/*.mjs', '**/*.js', '**/*.d.mts', '**/*.fixture.ts'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              // type:testing for specs only: the rule below keeps it out of production code.
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:platform',
                'type:infra',
                'type:domain',
                'type:contracts',
                'type:testing',
                'type:ui',
              ],
            },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:domain', 'type:contracts'] },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:platform', 'type:infra', 'type:domain', 'type:contracts', 'type:testing'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:infra', 'type:domain', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:testing'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], allowedExternalImports: ['zod'] },
            {
              sourceTag: 'type:harness',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:platform',
                'type:infra',
                'type:domain',
                'type:contracts',
                'type:tool',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:tool',
                'type:feature',
                'type:platform',
                'type:infra',
                'type:domain',
                'type:contracts',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:testing',
                'type:tool',
                'type:feature',
                'type:platform',
                'type:infra',
                'type:domain',
                'type:contracts',
              ],
            },
            { sourceTag: 'scope:embedded', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:reception', onlyDependOnLibsWithTags: ['scope:reception', 'scope:shared'] },
            ...['device-registry', 'card-session', 'qualification-lookup', 'voucher-matching', 'audit'].map((s) => ({
              sourceTag: `scope:${s}`,
              onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // React components and hooks (the web apps and libs/ui): the rules of hooks and exhaustive dependencies.
    files: ['**/*.tsx', 'apps/reception/src/**/*.ts', 'libs/ui/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Test helpers never ship: production code may not import the testing lib.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    // Contract suites (`*.contract.ts`) are shared test cases, run by a memory unit spec and a MongoDB int spec.
    ignores: ['**/*.spec.ts', '**/*.contract.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@hcv/testing', message: 'test-only library' },
            { name: '@hcv/oqs-files-testing', message: 'test-only helpers (fake terminal, canned responses)' },
          ],
        },
      ],
    },
  },
];
