// ESLint flat config. Besides typescript-eslint's recommended rules it enforces the library half of the dependency
// rule of DESIGN.md: which folder may import which I/O library, and no node I/O module in the pure folders and the
// engine (test/lint/libraryRules.test.ts); which of *our* folders a folder may import is checked by dependency-cruiser
// (.dependency-cruiser.cjs, `npm run lint:deps`). And (eslint-plugin-regexp) no regular expression anywhere can take
// super-linear time on hostile input (issue 16: one quadratic log-scrubbing pattern let a public request freeze
// the bot).
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const LIBS = {
  mongoose: ['mongoose'],
  agenda: ['agenda', '@agendajs/*'],
  kite: ['kiteconnect'],
  telegraf: ['telegraf', 'telegraf/*'],
  discord: ['discord.js', '@discordjs/*'],
  http: ['fastify', '@fastify/*'],
  chat: ['telegraf', 'telegraf/*', 'discord.js', '@discordjs/*'],
};

/** Restricts every library in `libs` except those a folder owns. */
function only(owned, extraPatterns = []) {
  const banned = Object.entries(LIBS)
    .filter(([k]) => k !== 'chat' && !owned.includes(k))
    .flatMap(([k, pats]) => pats.map((p) => ({ group: [p], message: `${k} may only be imported from its home folder (see DESIGN.md dependency rule).` })));
  return ['error', { patterns: [...banned, ...extraPatterns] }];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'out/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Parts that refer to each other (the pipeline and its approval desk, a stack and its kernel) are bound late:
      // `let x: T | undefined` read by a closure before its one assignment.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': only([]),
    },
  },
  {
    // Every regex in the tree, tests included: exponential/polynomial backtracking and quadratic "moves" (a match
    // attempt from every start position; a sticky /y pattern cannot move) are errors, reported even when only
    // potentially reachable.
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignorePartial: false }],
    },
  },
  { files: ['src/store/**'], rules: { 'no-restricted-imports': only(['mongoose', 'agenda']) } },
  { files: ['src/jobs/**'], rules: { 'no-restricted-imports': only(['agenda']) } },
  { files: ['src/brokers/kite/**', 'src/data/**'], rules: { 'no-restricted-imports': only(['kite']) } },
  { files: ['src/transports/telegram/**'], rules: { 'no-restricted-imports': only(['telegraf']) } },
  { files: ['src/transports/discord/**'], rules: { 'no-restricted-imports': only(['discord']) } },
  { files: ['src/http/**'], rules: { 'no-restricted-imports': only(['http']) } },
  {
    // The pure folders and the kernel (identical in every mode) do no I/O: state and data come in as arguments.
    files: ['src/core/**', 'src/engine/**', 'src/oms/**', 'src/risk/**', 'src/portfolio/**', 'src/indicators/**', 'src/calendar/**', 'src/analytics/**', 'strategies/**'],
    rules: {
      'no-restricted-imports': only([], [
        { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'fs', 'fs/*', 'net', 'http', 'https', 'node:child_process', 'child_process'], message: 'pure folders and the kernel do no I/O (DESIGN.md).' },
      ]),
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
