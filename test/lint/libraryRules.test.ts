/**
 * The library half of the dependency rule as ESLint checks it (eslint.config.mjs): each I/O library only from its
 * home folder, and no node I/O in the pure folders or the kernel. Each case below is linted as if it were a file at
 * that path (ESLint's lintText), so the real configuration decides; a file in the library's home folder is the
 * control that must pass.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

const ROOT = join(__dirname, '..', '..');

/** Lints each `{ filePath, code }` with the repository's configuration, in a plain node process (ESLint is ESM). */
const LINT = `
const { ESLint } = await import('eslint');
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of JSON.parse(process.argv[1])) {
  const [r] = await eslint.lintText(c.code, { filePath: c.filePath });
  out.push(r.messages.map((m) => m.ruleId + ': ' + m.message));
}
console.log(JSON.stringify(out));
`;

interface Case {
  readonly filePath: string;
  readonly lib: string;
  /** The message's words, or undefined where the import is allowed. */
  readonly refused?: RegExp;
}

const CASES: readonly Case[] = [
  { filePath: 'src/services/usesMongoose.ts', lib: 'mongoose', refused: /mongoose may only be imported from its home folder/ },
  { filePath: 'src/store/usesMongoose.ts', lib: 'mongoose' },
  { filePath: 'src/services/usesAgenda.ts', lib: 'agenda', refused: /agenda may only be imported from its home folder/ },
  { filePath: 'src/jobs/usesAgenda.ts', lib: 'agenda' },
  { filePath: 'src/engine/usesKite.ts', lib: 'kiteconnect', refused: /kite may only be imported from its home folder/ },
  { filePath: 'src/brokers/kite/usesKite.ts', lib: 'kiteconnect' },
  { filePath: 'src/transports/discord/usesTelegraf.ts', lib: 'telegraf', refused: /telegraf may only be imported from its home folder/ },
  { filePath: 'src/transports/telegram/usesTelegraf.ts', lib: 'telegraf' },
  { filePath: 'commands/usesDiscord.ts', lib: 'discord.js', refused: /discord may only be imported from its home folder/ },
  { filePath: 'src/transports/discord/usesDiscord.ts', lib: 'discord.js' },
  { filePath: 'src/services/usesFastify.ts', lib: 'fastify', refused: /http may only be imported from its home folder/ },
  { filePath: 'src/http/usesFastify.ts', lib: 'fastify' },
  { filePath: 'src/engine/usesFs.ts', lib: 'node:fs', refused: /pure folders and the kernel do no I\/O/ },
  { filePath: 'src/core/usesFs.ts', lib: 'node:fs', refused: /pure folders and the kernel do no I\/O/ },
  { filePath: 'strategies/usesFs.ts', lib: 'node:fs', refused: /pure folders and the kernel do no I\/O/ },
  { filePath: 'src/data/usesFs.ts', lib: 'node:fs' },
];

describe('which folder may import which library (ESLint)', () => {
  let results: readonly (readonly string[])[];
  beforeAll(() => {
    const input = CASES.map((c) => ({ filePath: c.filePath, code: `import * as lib from '${c.lib}';\nexport const used = lib;\n` }));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(input)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`eslint failed (exit ${r.status}): ${r.stderr}`);
    results = z.array(z.array(z.string())).parse(JSON.parse(r.stdout));
  }, 60_000);

  it.each(CASES.map((c, i) => [c.filePath, c.lib, i] as const))('%s importing %s', (_path, _lib, i) => {
    const c = CASES[i]!;
    const messages = results[i] ?? [];
    if (c.refused) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^no-restricted-imports: /);
      expect(messages[0]).toMatch(c.refused);
    } else {
      expect(messages).toEqual([]);
    }
  });
});
