import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { userId } from '../../../src/core/ids';
import type { Services } from '../../../src/services/services';
import { startConsole } from '../../../src/transports/console';
import { textTable } from '../../../src/transports/console/textTable';
import { engineFixture, NOW } from '../../commands/support/engineServices';

async function run(services: Services, lines: string, opts: { outDir?: string; keepOpen?: (input: PassThrough, output: PassThrough) => Promise<void> } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'autoppm-console-'));
  const session = startConsole({ services, input, output, outDir, now: () => NOW });
  input.write(lines);
  if (opts.keepOpen) await opts.keepOpen(input, output);
  input.end();
  const done = await session;
  return { out, commands: done.commands, outDir };
}

describe('console transport', () => {
  it('answers piped commands in order (slash optional) and exits at end of input', async () => {
    const fx = await engineFixture();
    const { out, commands } = await run(fx.services, '/status\nstrategies\n\n# a comment\nhelp strategy\n');
    expect(commands).toBe(3);
    const status = out.indexOf('AutoPPM status at 2025-01-08 11:00 IST');
    const strategies = out.indexOf('Strategies\nname');
    expect(status).toBeGreaterThanOrEqual(0);
    expect(strategies).toBeGreaterThan(status);
    expect(out).toMatch(/Mode\s+paper\n/);
    expect(out).toContain('/strategy — One strategy: its parameters with defaults and bounds\nUsage: /strategy <name>');
    expect(out).not.toContain('autoppm>'); // no prompt when piped
  });

  it('stops at exit even with input left', async () => {
    const { out, commands } = await run((await engineFixture()).services, 'mode\nexit\nmode\n');
    expect(commands).toBe(1);
    expect(out).toBe('The bot runs in paper mode; switch with /mode paper or /mode live.\n');
  });

  it('writes images to the output folder and prints the path; progress is printed as lines', async () => {
    const fx = await engineFixture();
    const { out, outDir } = await run(fx.services, 'chart INFY day 30\nbacktest sma-cross TCS from=2023-06-01\n');
    const paths = [...out.matchAll(/saved to (.+\.png)$/gm)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    for (const p of paths) {
      expect(p.startsWith(outDir)).toBe(true);
      expect([...readFileSync(p).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    expect(out).toMatch(/… Backtesting sma-cross on TCS…\n… Backtesting sma-cross: 0% — [^\n]+\n(… Backtesting sma-cross: \d+0% — [^\n]+\n)+/);
    expect(out).toContain('[Run in paper] type /run sma-cross TCS');
  });

  it('confirmations and approvals are typed', async () => {
    const fx = await engineFixture();
    const id = await fx.submit({ quantity: 5, price: 1500 });
    const { out } = await run(fx.services, `pending\napprove ${id}\nhalt\n`, {
      keepOpen: async (input, output) => {
        // Wait for the confirmation prompt, then type its code.
        const code = await new Promise<string>((resolve) => {
          let seen = '';
          output.on('data', (c: Buffer) => {
            seen += c.toString('utf8');
            const m = /type \/confirm (\d{6})/.exec(seen);
            if (m) resolve(m[1]!);
          });
        });
        input.write(`/confirm ${code}\n`);
        await new Promise((r) => setImmediate(r));
      },
    });
    expect(out).toContain(`[✅ 1] type /approve ${id}`);
    expect(out).toContain(`Order ${id} approved by console.`);
    expect(out).toMatch(/⚠ Halt all trading\? No new orders will go out and pending approvals are cancelled; working orders stay until you cancel them\.\n {2}To go ahead type \/confirm \d{6} within 30 s\./);
    expect(out).toContain('Trading is now HALTED (was ACTIVE), set by console.');
    expect(fx.stack.risk.state).toBe('HALTED');
  });

  it('uses the given user and its role', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const s = startConsole({ services: (await engineFixture()).services, input, output, user: { id: userId('v'), role: 'viewer' }, outDir: tmpdir() });
    input.end('mode live\n');
    await s;
    expect(out).toBe('✖ /mode needs the admin role and you are a viewer; ask an admin if you need it.\n');
  });

  it('aligns tables: numbers right, text left', () => {
    expect(textTable(['symbol', 'P&L'], [['INFY', '₹1,200.00'], ['TCS', '−₹5.00']])).toEqual(['symbol        P&L', '------  ---------', 'INFY    ₹1,200.00', 'TCS        −₹5.00']);
  });
});
