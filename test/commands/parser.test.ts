import fc from 'fast-check';
import { createDispatcher, parseCommandLine } from '../../commands';
import { userId } from '../../src/core/ids';
import type { Reply } from '../../src/core/reply';
import type { Services } from '../../src/services/services';
import { engineFixture } from './support/engineServices';

describe('parseCommandLine', () => {
  it('reads positional, lists, key=value, quotes, @botname and case', () => {
    const r = parseCommandLine('/BackTest@AutoPPM_bot momentum RELIANCE,TCS from=2020-01-01 FAST=10 note="a b, c" \'x y\'');
    expect(r).toEqual({
      ok: true,
      value: { name: 'backtest', positional: ['momentum', ['RELIANCE', 'TCS'], 'x y'], named: { from: '2020-01-01', fast: '10', note: 'a b, c' } },
    });
    expect(parseCommandLine('status')).toEqual({ ok: true, value: { name: 'status', positional: [], named: {} } });
    expect(parseCommandLine('  /run  a,,b,  ')).toMatchObject({ ok: true, value: { positional: [['a', 'b']] } });
    expect(parseCommandLine('/x "a=b"')).toMatchObject({ ok: true, value: { positional: ['a=b'], named: {} } });
    expect(parseCommandLine('/x k="1,2"')).toMatchObject({ ok: true, value: { named: { k: '1,2' } } });
  });

  it('says what is wrong with a line it cannot read', () => {
    expect(parseCommandLine('/x "open')).toEqual({ ok: false, error: 'A quote (") is not closed; close it or remove it.' });
    expect(parseCommandLine('')).toEqual({ ok: false, error: 'Send a command, e.g. /help.' });
    expect(parseCommandLine('/')).toEqual({ ok: false, error: 'Send a command, e.g. /help.' });
    expect(parseCommandLine('/x a=1 A=2')).toEqual({ ok: false, error: 'The argument a is given twice; give it once.' });
    expect(parseCommandLine('/9lives')).toEqual({ ok: false, error: '"/9lives" is not a command; send /help to see the commands.' });
    expect(parseCommandLine('x'.repeat(2001))).toMatchObject({ ok: false });
  });

  it('keeps __proto__ and friends as ordinary keys', () => {
    const r = parseCommandLine('/x __proto__=1 constructor=2');
    expect(r.ok && Object.keys(r.value.named)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on random text and always gives a result', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseCommandLine(s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error).toMatch(/^[A-Z"].*[.]$/s);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips generated command lines', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), fc.array(word, { maxLength: 5 }), fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), word, { maxKeys: 4 }), (name, pos, named) => {
        const line = `/${name} ${pos.join(' ')} ${Object.entries(named).map(([k, v]) => `${k}=${v}`).join(' ')}`;
        const r = parseCommandLine(line);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.name).toBe(name);
        expect(r.value.positional).toEqual(pos.filter((p) => !/^[a-z_][a-z0-9_.-]*=/i.test(p)));
        expect({ ...r.value.named }).toEqual(named);
      }),
    );
  });
});

describe('dispatcher on random input', () => {
  // Only the engine fixture's mode group: every other command answers that its group is not in this build.
  let d: ReturnType<typeof createDispatcher>;
  beforeAll(async () => {
    const services: Services = { mode: (await engineFixture()).services.mode! };
    d = createDispatcher(services);
  });
  const admin = { id: userId('a'), role: 'admin' as const };
  const isReply = (r: Reply) => ['text', 'table', 'image', 'buttons', 'progress', 'error', 'confirm', 'many'].includes(r.kind);

  it('answers every random line with a Reply and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        expect(isReply(await d.handle(s, admin))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers random arguments to real command names with a Reply', async () => {
    const names = ['help', 'status', 'run', 'backtest', 'stop', 'approve', 'chart', 'mute', 'mode', 'settings', 'optimize', 'orders', 'confirm'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[a-z]{1,6}=[^\s]{0,10}$/)), { maxLength: 6 }), async (n, args) => {
        const r = await d.handle(`/${n} ${args.join(' ')}`, admin);
        expect(isReply(r)).toBe(true);
        if (r.kind === 'error') expect(r.message).not.toMatch(/\n[ \t]+at /);
      }),
      { numRuns: 500 },
    );
  });
});
