// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules that touch the DOM or the extension APIs; pure layers must not import them. */
const BROWSER_ONLY = [
  'wxt/browser',
  'wxt/utils/*',
  'webextension-polyfill',
  'idb',
  'mark.js',
  '@floating-ui/dom',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'demo-output/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Dataset text reaches the DOM only through Preact or textContent.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Dataset text reaches the DOM only through Preact or textContent.',
        },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
      // The layer boundaries of ARCHITECTURE.md.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./lib/match', './lib/time'],
              from: ['./lib', './components', './entrypoints'],
              except: ['./match', './time'],
              message: 'lib/match and lib/time are pure: they import nothing but each other.',
            },
            {
              target: './components',
              from: ['./entrypoints', './lib/db', './lib/message-router.ts'],
              message: 'Components get data and callbacks as props; entrypoints do the messaging.',
            },
            {
              target: [
                './entrypoints/content',
                './lib/content',
                './lib/card',
                './lib/highlight',
                './lib/page',
              ],
              from: ['./lib/db', './lib/background'],
              message: 'Content scripts never open IndexedDB (it would be the page’s): ask the background.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/match/**', 'lib/time/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: BROWSER_ONLY, patterns: BROWSER_ONLY }],
      'no-restricted-globals': ['error', 'document', 'window', 'browser', 'chrome', 'navigator', 'location'],
    },
  },
  {
    files: ['components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'wxt/browser', message: 'Components never call browser APIs.' },
            { name: 'webextension-polyfill', message: 'Components never call browser APIs.' },
            {
              name: '@/lib/messages',
              allowTypeImports: true,
              message: 'Components never send messages: take a callback prop (types are fine).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'browser', 'chrome'],
    },
  },
  {
    // Content-script code runs in the page's origin: its IndexedDB is the page's, not ours.
    files: ['entrypoints/content/**', 'lib/content/**', 'lib/card/**', 'lib/highlight/**', 'lib/page/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'indexedDB', message: 'Content scripts never open IndexedDB (it would be the page’s).' },
      ],
    },
  },
);
