import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notification } from '../../../src/notify/notification';
import { CONSOLE_ROUTE, consoleNotifySink } from '../../../src/transports/console';

describe('console notification sink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-notify-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('prints the notification, saves its chart and shows its actions as commands', async () => {
    const lines: string[] = [];
    const sink = consoleNotifySink({ outDir: dir, now: () => Date.UTC(2025, 0, 2, 3, 4, 5), print: (t) => void lines.push(t) });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const n: Notification = {
      id: 'n1',
      time: 0,
      kind: 'summary',
      severity: 'warning',
      title: 'Backtest sma-cross on INFY',
      text: 'synthetic bars',
      fields: [{ name: 'Return', value: '3.10 %' }],
      image: png,
      actions: [{ label: 'Run in paper', command: '/run sma-cross INFY' }],
      to: 'console',
    };
    expect(await sink.send(n)).toEqual({ ok: true, value: undefined });
    expect(lines[0]).toBe('! [summary] Backtest sma-cross on INFY\n    synthetic bars\n    Return: 3.10 %');
    const saved = /saved to (.+)$/.exec(lines[1] ?? '')?.[1];
    expect(saved).toBe(join(dir, '20250102-030405-summary.png'));
    expect(Array.from(await readFile(saved!))).toEqual(Array.from(png));
    expect(lines[2]).toBe('Next:\n  [Run in paper] type /run sma-cross INFY');
  });

  test('its route takes messages addressed to the console user only', () => {
    expect(CONSOLE_ROUTE.addressees?.('console')).toBe(true);
    expect(CONSOLE_ROUTE.addressees?.('telegram:42')).toBe(false);
  });

  test('an unwritable image folder is a permanent failure with the reason', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const sink = consoleNotifySink({ outDir: join(file, 'out'), now: () => 0, print: () => undefined });
    const r = await sink.send({ id: 'n2', time: 0, kind: 'summary', severity: 'info', title: 't', fields: [], image: Uint8Array.from([1]) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ permanent: true, reason: expect.stringMatching(/^the console could not show it/) });
  });
});
