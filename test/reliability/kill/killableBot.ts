/**
 * The bot as a child process that the reliability tests kill with SIGKILL (issue 16 item 5): the real startApp in
 * MODE=live against the parent's fakes (MongoDB test server, fake Kite, fake Telegram and Discord), market data from
 * ManualTicks the parent drives. No shutdown hook of any kind: SIGKILL ends it wherever it is.
 * Environment: KILL_BOT_CONFIG (the AutoPPM variables, JSON), KILL_BOT_START (the clock's time now, epoch ms),
 * KILL_BOT_STRATEGIES (the strategies folder). Commands on stdin, one JSON object a line:
 *   {"op":"login","token":"…"}  {"op":"start","request":{…}}  {"op":"tick","symbol":"INFY","price":1500,"time":…}
 * Answers and order events on stdout, one JSON object a line after `@@` (`{"ready":true}`, `{"done":n}`,
 * `{"order":{id,status,filled}}`, `{"error":"…"}`).
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { startApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { E2E_JOBS, shiftedClock } from '../../support/e2e/appHarness';
import { kiteCallbackUrl } from '../../support/e2e/liveHarness';
import { ManualTicks } from '../../support/e2e/manualTicks';

const say = (o: unknown): void => void process.stdout.write(`@@${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  const env = JSON.parse(process.env.KILL_BOT_CONFIG ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  if (!config.ok) throw new Error(`config refused: ${JSON.stringify(config.error)}`);
  const clock = shiftedClock(Number(process.env.KILL_BOT_START));
  const ticks = new ManualTicks(['INFY']);
  const r = await startApp({
    config: config.value,
    logger: pino({ level: 'silent' }),
    worker: false,
    print: () => undefined,
    clock,
    engine: { market: { feed: ticks, symbols: ticks.symbols }, strategiesDir: process.env.KILL_BOT_STRATEGIES!, jobs: E2E_JOBS },
    // Kite's order book is read only when the parent says so (a fill at Kite stays unknown to the bot until then).
    kiteOrderSyncEveryMs: 3_600_000,
  });
  if (!r.ok) throw new Error(`the app did not start: ${r.error.message}`);
  const app = r.value;
  app.engine.trading.events.on('order', (e) => say({ order: { id: e.order.intent.clientOrderId, status: e.order.status, filled: e.order.filledQuantity } }));
  say({ ready: true });
  let n = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    const c = JSON.parse(line) as { op: string; token?: string; request?: Parameters<typeof app.engine.trading.instances.start>[0]; symbol?: string; price?: number; time?: number };
    try {
      if (c.op === 'login') {
        const res = await fetch(kiteCallbackUrl(app.http.url, app.engine.services, c.token!));
        if (res.status !== 200) throw new Error(`login ${res.status}`);
      } else if (c.op === 'start') {
        const s = await app.engine.trading.instances.start(c.request!);
        if (!s.ok) throw new Error(s.error);
      } else if (c.op === 'tick') ticks.push(c.symbol!, c.price!, c.time!);
      say({ done: ++n });
    } catch (e) {
      say({ error: e instanceof Error ? e.message : String(e) });
    }
  }
}

main().catch((e: unknown) => {
  say({ error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
