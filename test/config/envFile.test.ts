import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, mergeEnv, readEnvFile, VARIABLES } from '../../src/config';
import { readFileSync } from 'node:fs';

describe('.env files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autoppm-envfile-'));

  test('the environment wins over .env', () => {
    const dataDir = join(dir, 'data');
    writeFileSync(join(dir, '.env'), `MODE=backtest\nHTTP_PORT=9000\n# comment\nDATA_DIR="${dataDir}"\n`);
    const file = readEnvFile({ cwd: dir });
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    const r = loadConfig(mergeEnv(file.value, { HTTP_PORT: '9100' }));
    expect(r.ok && [r.value.mode, r.value.http.port, r.value.dataDir]).toEqual(['backtest', 9100, dataDir]);
  });

  test('a missing default .env is fine; a missing explicit one is an error', () => {
    const empty = mkdtempSync(join(tmpdir(), 'autoppm-noenv-'));
    expect(readEnvFile({ cwd: empty })).toEqual({ ok: true, value: {} });
    const r = readEnvFile({ cwd: empty, path: 'prod.env', required: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.problems[0]?.got).toMatch(/prod\.env: it does not exist/);
  });

  test('.env.example documents every variable', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?[ \t]*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(VARIABLES).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  test('the README configuration table lists every variable', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const missing = Object.keys(VARIABLES).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
