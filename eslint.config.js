// ESLint flat config: typescript-eslint's recommended rules, a few cheap type-aware ones, and the import
// directions of DEVELOPERS.md (data flows one way; one module is the DuckDB boundary).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders whose TypeScript is in the root tsconfig.json (type-aware rules run there). */
const TYPED = ['warehouse', 'ingest', 'cli', 'exports', 'server', 'models', 'test', 'bench'];

const duckdbOnlyInWarehouse = {
  name: '@duckdb/node-api',
  message: '只有 warehouse/ 可以直接使用 DuckDB: 请通过 warehouse/index.ts 的 Warehouse。',
};

/** A pattern for imports of a top-level folder from anywhere below the repo root (`../x/…`, `../../x/…`). */
const folder = (name, rest = '') => `^(\\.\\./)+${name}(/${rest}|$)`;

/** The folders that data flows into may not be imported by the ones it flows out of. */
const upstreamLayers = {
  regex: folder('(server|dashboard|cli|bench)'),
  message: '数据单向流动 (DEVELOPERS.md): 这一层不能导入 server/、dashboard/、cli/ 或 bench/。',
};

const restrict = (...patterns) => [
  'error',
  { paths: [duckdbOnlyInWarehouse], patterns: patterns.length ? patterns : [] },
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'data/',
    'dist/',
    '**/dist/',
    'dashboard/build/',
    'coverage/',
    'bench/out/',
    'test-artifacts/',
    '.tmp/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    name: 'fundtrail/all',
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': restrict(),
    },
  },

  {
    name: 'fundtrail/type-aware',
    files: TYPED.map((d) => `${d}/**/*.ts`).concat(['*.ts']),
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  // warehouse/ is the DuckDB boundary and the bottom layer.
  {
    name: 'fundtrail/warehouse',
    files: ['warehouse/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: folder('(ingest|models|exports|server|dashboard|report-templates|cli|bench|test)'),
              message: 'warehouse/ 是最底层, 不能导入其他文件夹。',
            },
          ],
        },
      ],
    },
  },

  // The layers that data flows through: they import warehouse/, never the layers above them.
  {
    name: 'fundtrail/lower-layers',
    files: ['ingest/**/*.ts', 'models/**/*.ts', 'exports/**/*.ts', 'report-templates/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(upstreamLayers) },
  },

  // server/ reaches ingest/ only for registration through ingest/ledger/.
  {
    name: 'fundtrail/server',
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        {
          regex: folder('ingest', '(?!ledger/)'),
          message: 'server/ 只能通过 ingest/ledger/ 使用 ingest (登记单据)。',
        },
        { regex: folder('(cli|bench|dashboard)'), message: 'server/ 不能导入 cli/、bench/ 或 dashboard/。' },
      ),
    },
  },

  // dashboard/ runs in the browser: server/ types only, nothing else of the back end.
  {
    name: 'fundtrail/dashboard',
    files: ['dashboard/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        {
          regex: folder('server'),
          allowTypeImports: true,
          message: 'dashboard/ 只能以 `import type` 使用 server/ 的类型。',
        },
        {
          regex: folder('(warehouse|ingest|models|exports|report-templates|cli|bench)'),
          message: 'dashboard/ 运行在浏览器中, 只能通过 HTTP API 取数。',
        },
      ),
    },
  },

  // Plain JavaScript (bin/, this file): no type information.
  {
    name: 'fundtrail/javascript',
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
