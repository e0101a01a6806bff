import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const depConstraints = [
  // End-to-end suites drive the built apps and may use any helper.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
  // Apps compose; features hold the Nest modules the apps mount.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:ui', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
  // Pure domain logic: no framework, no I/O libs.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  // The dashboard runs in browsers and on Next's server: it shares contracts, never server libs.
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

// Tests of libs may use the shared test helpers (engines, receivers, builders: @vigil/testing),
// as STYLE.md §17 asks, as long as no cycle forms (the libs @vigil/testing itself imports keep
// local copies; nx reports a cycle if they do not).
const testDepConstraints = depConstraints.map((constraint) =>
  ['type:feature', 'type:data-access', 'type:domain'].includes(constraint.sourceTag)
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/generated/**', '.data/**', '.nx/**', '**/next-env.d.ts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: true,
          depConstraints,
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through @vigil/config (loadConfig), not process.env.' },
      ],
    },
  },
  {
    files: ['libs/**/*.spec.ts', 'libs/*/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, banTransitiveDependencies: true, depConstraints: testDepConstraints }] },
  },
  {
    // Domain libs take time and ids as inputs.
    files: ['libs/**/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {},
  },
  {
    // The pure modules of notify and outbound-guard (message model, templates, payloads, retry
    // maths, address ranges): no I/O, no clock, no randomness; those are inputs.
    files: [
      'libs/notify/src/{message,templates,payloads}/**/*.ts',
      'libs/notify/src/delivery/{retry-schedule,retry-after,attempt-result}.ts',
      'libs/outbound-guard/src/address-policy.ts',
      'libs/probing/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'node:net', 'node:tls', 'node:dns', 'node:dns/promises', 'node:crypto', 'undici', '@vigil/outbound-guard'].map((name) => ({
            name,
            message: 'A pure module: I/O, crypto and the network belong in the delivery, signing or secrets modules.',
            allowTypeImports: true,
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Take the time as an input.' },
        { object: 'Math', property: 'random', message: 'Take randomness as an input.' },
      ],
    },
  },
  {
    // NestJS reads constructor parameter types at run time; type-only imports would erase them.
    files: ['libs/feature-*/**/*.ts', 'libs/server-kit/**/*.ts', 'apps/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Entry points and tooling are where the environment is read.
    files: ['apps/*/src/main.ts', 'apps/e2e/**', 'scripts/**', 'bench/**', 'libs/testing/**', '**/*.spec.ts', 'apps/dashboard/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
