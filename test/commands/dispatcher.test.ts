import { z } from 'zod';
import { CommandDispatcher, CommandRegistry, createDispatcher } from '../../commands';
import { defineCommand } from '../../commands/lib/command';
import { admin, Harness, trader, viewer } from './support/harness';
import { engineFixture } from './support/engineServices';

describe('CommandDispatcher', () => {
  it('refuses an unknown sender once, politely, and logs every attempt', () => {
    const h = new Harness({}, 0);
    const first = h.dispatcher.refuseUnknown('999', { chat: 'group-1' });
    expect(first).toEqual({ kind: 'error', message: 'Sorry, this is a private bot and you are not on its list of users; ask its owner to add your user id: 999.' });
    expect(h.dispatcher.refuseUnknown('999')).toBeUndefined();
    expect(h.logged.filter((l) => l.msg === 'message from an unknown user refused').map((l) => l.obj)).toEqual([{ sender: '999', chat: 'group-1' }, { sender: '999' }]);
  });

  it('checks the role in the dispatcher and logs refusals', async () => {
    const h = new Harness((await engineFixture()).services, 0);
    expect(await h.text('/mode', viewer)).toBe('✖ /mode needs the admin role and you are a viewer; ask an admin if you need it.');
    expect(h.logged[0]).toMatchObject({ level: 'warn', obj: { user: '3', role: 'viewer', command: 'mode' } });
  });

  it('unknown commands and groups missing from the build get one sentence each', async () => {
    const h = new Harness({}, 0);
    expect(await h.text('/frobnicate')).toBe('✖ There is no command /frobnicate; send /help to see the commands.');
    expect(await h.text('/backtest sma-cross TCS', trader)).toBe('✖ Backtests is not available in this build yet; send /help to see what you can do now.');
    expect(await h.text('/status')).toBe('✖ Status is not available in this build yet; send /help to see what you can do now.');
  });

  it('confirmation codes: single use, 30 s, only for the user who asked', async () => {
    // The kill switch of the engine fixture: /halt asks first, and only the confirmation halts.
    const fx = await engineFixture();
    const h = new Harness(fx.services, 1_000_000);
    const ask = await h.reply('/halt');
    if (ask.kind !== 'confirm') throw new Error('expected confirm');
    expect(ask.code).toMatch(/^\d{6}$/);
    expect(ask.expiresAt).toBe(1_030_000);
    const otherAdmin = { ...admin, id: 'other' as typeof admin.id };
    expect(await h.text(`/confirm ${ask.code}`, otherAdmin)).toBe('✖ That confirmation code is unknown or not yours; send the command again to get a new code.');
    expect(fx.stack.risk.state).toBe('ACTIVE');
    h.t += 30_000;
    expect(await h.text(`/confirm ${ask.code}`)).toBe('✖ The confirmation for /halt expired (codes last 30 s); send the command again.');
    expect(fx.stack.risk.state).toBe('ACTIVE');
    const again = await h.reply('/halt');
    if (again.kind !== 'confirm') throw new Error('expected confirm');
    h.t += 29_999;
    expect(await h.text(`/confirm ${again.code}`)).toBe('Trading is now HALTED (was ACTIVE), set by asha.');
    expect(fx.stack.risk.state).toBe('HALTED');
    expect(await h.text(`/confirm ${again.code}`)).toMatch(/unknown or not yours/);
    expect(await h.text('/confirm')).toMatch(/unknown or not yours/);
  });

  it('a command that throws is logged and answered without a stack', async () => {
    const boom = defineCommand({
      name: 'boom',
      summary: 'throws',
      usage: '/boom',
      example: '/boom',
      role: 'viewer',
      args: z.object({}),
      async run() {
        throw new Error('secret token abc123 leaked?');
      },
    });
    const logged: unknown[] = [];
    const d = new CommandDispatcher({ registry: new CommandRegistry([boom]), services: {}, log: { warn: () => undefined, error: (o) => logged.push(o) } });
    const r = await d.handle('/boom', viewer);
    expect(r).toEqual({ kind: 'error', message: 'Something went wrong while running /boom (it was logged); try again, and check the logs if it keeps failing.' });
    expect(logged).toHaveLength(1);
  });

  it('rejects two commands with the same name or alias', () => {
    const mk = (name: string, aliases: string[]) => defineCommand({ name, aliases, summary: '', usage: '', example: '', role: 'viewer', args: z.object({}), run: async () => ({ kind: 'text', text: '' }) });
    expect(() => new CommandRegistry([mk('a', ['b']), mk('b', [])])).toThrow('command name b is used by /a and /b');
  });

  it('aliases and case-insensitive names reach the same command', async () => {
    const d = createDispatcher((await engineFixture()).services);
    expect(await d.handle('MODE', admin)).toEqual(await d.handle('/mode@AutoPPMBot', admin));
  });
});
