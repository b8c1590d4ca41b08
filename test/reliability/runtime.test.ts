/**
 * Reliability, issue 16 item 10: the runtime. Node 20 reached end of life on 2026-04-30; the bot targets Node 24 LTS
 * and CI runs this whole suite on the machine's Node and again on Node 24 (.ci/run). This file checks that the three
 * places that name the runtime agree (package.json `engines`, both Docker stages, the CI script's Node 24 run), and
 * that the runtime this suite is on has what the bot relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (f: string): string => readFileSync(join(root, f), 'utf8');

describe('reliability: the runtime (issue 16 item 10)', () => {
  it('engines, the Docker image and CI all name Node 24 LTS', () => {
    const pkg = JSON.parse(read('package.json')) as { engines?: { node?: string } };
    expect(pkg.engines?.node).toBe('>=24');
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    expect(lock.packages['']?.engines?.node).toBe('>=24');
    const froms = read('Dockerfile').split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim AS runtime']);
    const ci = read('.ci/run');
    expect(ci).toMatch(/^NODE24_VERSION=24\.\d+\.\d+$/m);
    expect(ci).toContain('npm pack --silent "${node24_pkg}@${NODE24_VERSION}"');
    expect(ci).toContain('PATH="$node24_dir/package/bin:$PATH" npm test');
  });

  it('this suite runs on a supported Node (20 on the machine, 24 in the second CI run) with what the bot uses', async () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect([20, 24]).toContain(major);
    const missing = [
      ['fetch', typeof fetch === 'function'],
      ['AbortSignal.timeout', typeof AbortSignal.timeout === 'function'],
      ['structuredClone', typeof structuredClone === 'function'],
      ['Intl time zone Asia/Kolkata', new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', hourCycle: 'h23' }).format(Date.UTC(2026, 3, 1, 0, 0)) === '05'],
      ['RegExp look-behind', /(?<!\d)\d+/.test('a1')],
      ['Array.prototype.at', [1, 2].at(-1) === 2],
    ].filter(([, ok]) => !ok).map(([name]) => name);
    expect(missing).toEqual([]);
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/', async () => ({ node: process.versions.node }));
    const r = await app.listen({ host: '127.0.0.1', port: 0 }).then((url) => fetch(url)).then((res) => res.json() as Promise<{ node: string }>);
    await app.close();
    expect(r.node).toBe(process.versions.node);
  });
});
