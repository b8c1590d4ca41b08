/**
 * Doc tests (issue 18): every example command of the README's command table and of /help (`/help <command>` →
 * "Example: …") is sent through the real bot — real telegraf against the fake Telegram, paper mode, the MongoDB
 * test server — and must get a reply that is neither an error nor "unknown command". An example that names an id
 * (an instance, an order, a rebalance preview) is run with a real one of the same kind made just before, so the
 * example's shape is what is tested; a command whose example needs such an id and has no way to make one here fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredMessage } from '../fakes/telegram';
import type { FakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { ADMIN, buttonData, chatBot, textOf } from '../support/e2e/chatBot';
import { kiteCallbackUrl, liveEnv, startLiveFakeKite } from '../support/e2e/liveHarness';
import { eventually, eventuallyFilled } from '../support/e2e/waiting';

const SYMBOLS = ['INFY', 'TCS', 'RELIANCE', 'HDFCBANK'];
const PRICES: Record<string, number> = { INFY: 1500, TCS: 4000, RELIANCE: 1300, HDFCBANK: 1700 };

/** The README's command table: `| \`/name\` | role | what | \`example\` |`. */
export function readmeExamples(readme: string): { name: string; example: string }[] {
  const out: { name: string; example: string }[] = [];
  for (const line of readme.split('\n')) {
    const m = /^\| `\/([a-z_]+)` \| (?:viewer|trader|admin) \|.*\| `([^`]+)` \|\s*$/.exec(line);
    if (m) out.push({ name: m[1]!, example: m[2]! });
  }
  return out;
}

/** An error or unknown-command reply as Telegram shows it (a confirmation prompt is not one: it asks first). */
/** Examples that need a Kite session (paper without Kite has none): run by the live bot below. */
const KITE_ONLY = new Set(['login', 'logout', 'resolve']);

const isError = (text: string): boolean => (/^⚠️/.test(text) && !/Tap Confirm within/.test(text)) || /^✖|There is no command|Wrong arguments/.test(text);

describe('every README and /help example works in the real bot (paper)', () => {
  // Incoming alerts on, as the README's 'Alerts in and out' section sets them (so /alerts_in has a source to show).
  const b = chatBot('e2e_doc_examples', SYMBOLS, { ALERT_SOURCES: '{"tv":{"secret":"change-me-0123456789","size":"qty:1","approval":"always"}}' });
  const price = (): void => {
    for (const s of SYMBOLS) b.tick(s, PRICES[s]!);
  };
  /**
   * Sends `text` as the admin and returns the bot's messages once its reply is in: the first message, then the rest
   * of it (queued with the first) once the outbound queue is empty. Approval cards and fill notices are not replies.
   */
  const send = async (text: string): Promise<string[]> => {
    await b.app().transports?.telegram?.queue.idle();
    const before = b.tg().messages(ADMIN).length;
    await b.tg().sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text });
    const fresh = (): StoredMessage[] => b.tg().messages(ADMIN).slice(before).filter((m) => m.fromBot && !/^(Order|Batch) approval|Filled: /.test(textOf(m)));
    await eventually(`a reply to ${text}`, () => (fresh().length > 0 ? true : undefined));
    // The rest of a reply of several messages was queued with the first: sent once the outbound queue is empty.
    await b.app().transports?.telegram?.queue.idle();
    return fresh().map(textOf);
  };
  const idAfter = (texts: string[], re: RegExp, what: string): string => {
    for (const t of texts) {
      const m = re.exec(t);
      if (m) return m[1]!;
    }
    throw new Error(`no ${what} in: ${JSON.stringify(texts)}`);
  };
  const instance = async (): Promise<string> => idAfter(await send('/run sma-cross TCS fast=2 slow=4 capital=2%'), /^Started (\S+):/, 'instance id');
  const pendingOrder = async (quantity = 1): Promise<string> => idAfter(await send(`/buy HDFCBANK ${quantity} limit=1690`), /^Order (\w+):/, 'order id');
  /** Taps Approve on order `id`'s card (once the bot has noted where its copies went). */
  const approve = async (id: string): Promise<void> => {
    const card = await eventually('its card', () => b.cardsFor(ADMIN, id)[0]);
    await eventually('the card refs', async () => ((await b.app().engine.repos.telegramCards.list(id)).length === 2 ? true : undefined));
    expect(await b.tap(ADMIN, card, buttonData(card, 'Approve'))).toBe('Approved');
  };
  /** A working limit order (approved on its card). */
  const workingOrder = async (): Promise<string> => {
    const id = await pendingOrder();
    await approve(id);
    await eventually('working', async () => (['OPEN', 'SUBMITTED'].includes((await b.order(id))?.status ?? '') ? true : undefined));
    return id;
  };

  /** The example with its `i`-th word (negative: from the end) replaced by `w`. */
  const word = (e: string, i: number, w: string): string => {
    const t = e.split(' ');
    t[i < 0 ? t.length + i : i] = w;
    return t.join(' ');
  };
  /** Examples that name an id: run with a real id of that kind (the token replaced is the example's own). */
  const withIds: Record<string, (example: string) => Promise<string>> = {
    stop: async (e) => word(e, -1, await instance()),
    pause: async (e) => word(e, -1, await instance()),
    resume: async (e) => {
      const id = await instance();
      await send(`/pause ${id}`);
      return word(e, -1, id);
    },
    order: async (e) => word(e, -1, await pendingOrder()),
    // /approve's example halves the order: 2 shares, so half is a whole share (every front end refuses half of 1).
    approve: async (e) => word(e, 1, await pendingOrder(2)),
    reject: async (e) => word(e, -1, await pendingOrder()),
    modify: async (e) => word(e, 1, await workingOrder()).replace(/price=[\d.]+/, 'price=1695'),
    rebalance_submit: async (e) => word(e, 1, idAfter(await send('/rebalance equal-weight'), /\/rebalance_submit ([a-z0-9]+) skip=/, 'preview id')),
  };

  beforeAll(async () => {
    for (let k = 0; k < 3; k++) price();
    // Something held (for /sell, /exit, /holdings): 20 INFY bought by hand and filled.
    const id = idAfter(await send('/buy INFY 20'), /^Order (\w+):/, 'order id');
    await approve(id);
    await eventuallyFilled('INFY bought', () => {
      price();
      return b.order(id);
    });
    // A rebalance to equal weights over four symbols (25% each, two of them IT) within the limits.
    await send('/settings max_position_pct=40');
    await send('/settings max_sector_pct=100');
    // Instances on three symbols, so a rebalance has lines to skip.
    for (const s of ['RELIANCE', 'HDFCBANK']) await send(`/run sma-cross ${s} fast=2 slow=4 capital=2%`);
  }, 60_000);

  test('the README table and /help name the same example for each command, and every command has one', async () => {
    const readme = readmeExamples(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8'));
    const list = (await send('/help')).join('\n');
    if (!/^\/start/m.test(list)) throw new Error(`no command list in: ${list}`);
    const names = [...list.matchAll(/^\/([a-z_]+)/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(30);
    for (const n of names) {
      const help = (await send(`/help ${n}`)).join('\n');
      const example = /^Example: (.+)$/m.exec(help)?.[1];
      expect({ n, example }).toEqual({ n, example: readme.find((r) => r.name === n)?.example });
    }
  }, 120_000);

  test('every example gets a reply that is not an error', async () => {
    const examples = readmeExamples(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8'));
    expect(examples.length).toBeGreaterThan(30);
    const failed: { example: string; reply: string[] }[] = [];
    for (const { name, example } of examples.filter((e) => !KITE_ONLY.has(e.name))) {
      price();
      try {
        const line = withIds[name] ? await withIds[name](example) : example;
        const reply = await send(line);
        if (reply.some(isError)) failed.push({ example: line, reply });
      } catch (e) {
        failed.push({ example, reply: [String(e)] });
      }
    }
    expect(failed).toEqual([]);
  }, 240_000);
});

describe('the examples that need Kite work in MODE=live against the fake Kite', () => {
  let kite: FakeKite;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    kite = await startLiveFakeKite({ instruments: [INFY] });
    const { TELEGRAM_ALLOWED_USERS: _only, ...live } = liveEnv(kite, ADMIN);
    Object.assign(env, live);
  });
  // An unanswered placement is looked up for 3 s, not Kite's 90 s, before it is UNKNOWN (for /resolve).
  const b = chatBot('e2e_doc_examples_live', ['INFY'], env, { engine: { kitePlacementLookupMs: [200, 400, 800, 1_600] } });
  afterAll(async () => {
    await kite?.close();
  });

  const login = async (): Promise<void> => {
    const res = await fetch(kiteCallbackUrl(b.app().http.url, b.app().engine.services, kite.sessions.issueRequestToken()));
    expect(res.status).toBe(200);
    await eventually('the session', () => b.app().engine.kite!.manager.current?.accessToken);
    await b.app().transports?.telegram?.queue.idle();
  };
  /** An order whose placement Kite never answers: UNKNOWN once the look-ups give up (what /resolve is for). */
  const unknownOrder = async (): Promise<string> => {
    if (!b.app().engine.kite!.manager.current) await login();
    kite.setLtp(INFY.token, 1500);
    b.tick('INFY', 1500);
    kite.faults.add({ route: 'order.place', times: 1, action: { kind: 'hang' } });
    const before = b.tg().messages(ADMIN).length;
    await b.tg().sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: '/buy INFY 1' });
    const placed = await eventually('the /buy reply', () => b.tg().messages(ADMIN).slice(before).find((m) => m.fromBot && /^Order (\w+):/.test(textOf(m))));
    const id = /^Order (\w+):/.exec(textOf(placed))![1]!;
    const card = await eventually('its card', () => b.cardsFor(ADMIN, id)[0]);
    await eventually('the card refs', async () => ((await b.app().engine.repos.telegramCards.list(id)).length > 0 ? true : undefined));
    expect(await b.tap(ADMIN, card, buttonData(card, 'Approve'))).toBe('Approved');
    await eventually('UNKNOWN', async () => ((await b.order(id))?.status === 'UNKNOWN' ? true : undefined), 20_000);
    await b.app().transports?.telegram?.queue.idle();
    return id;
  };

  test('/login, /logout and /resolve', async () => {
    const examples = readmeExamples(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')).filter((e) => KITE_ONLY.has(e.name));
    expect(examples.map((e) => e.name).sort()).toEqual([...KITE_ONLY].sort());
    for (const { name, example } of examples) {
      // Logged in first (the login redirect), so there is a session to end.
      if (name === 'logout') await login();
      const line = name === 'resolve' ? example.replace(/^\/resolve \S+/, `/resolve ${await unknownOrder()}`) : example;
      const before = b.tg().messages(ADMIN).length;
      await b.tg().sendUserMessage({ chatId: ADMIN, fromId: ADMIN, text: line });
      const reply = await eventually(`the reply to ${line}`, () => b.tg().messages(ADMIN).slice(before).find((m) => m.fromBot && !/trading halted|readiness/i.test(textOf(m))));
      expect({ example: line, reply: textOf(reply), error: isError(textOf(reply)) }).toEqual({ example: line, reply: textOf(reply), error: false });
    }
  });
});
