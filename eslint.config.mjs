// Lint rules: typescript-eslint's recommended set, plus the rule that only libs/event-store
// writes SQL against the log's tables (the other architecture rules live in .dependency-cruiser.cjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LOG_TABLES = '/\\b(event_store|relay_checkpoints)\\b|\\.events\\b.*\\b(INSERT|UPDATE|DELETE)\\b/i';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${LOG_TABLES}]`, message: 'Only libs/event-store touches the event log tables.' },
        { selector: `TemplateElement[value.raw=${LOG_TABLES}]`, message: 'Only libs/event-store touches the event log tables.' },
      ],
    },
  },
);
