/** Small helpers shared by the end-to-end tests: polling for an outcome, and a free local TCP port. */
import { createServer } from 'node:net';
import type { Order } from '../../../src/core/order';

/** Polls `probe` every 40 ms until it returns a value; throws after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** A port free right now (for URLs that must name the port before the app starts, e.g. webhooks and postbacks). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}

/** Polls the order store until the order is FILLED and returns it (`what` names the wait in a timeout). */
export function eventuallyFilled(what: string, get: () => Promise<Order | undefined>, timeoutMs?: number): Promise<Order> {
  return eventually(
    what,
    async () => {
      const o = await get();
      return o?.status === 'FILLED' ? o : undefined;
    },
    timeoutMs,
  );
}

/**
 * `eventuallyFilled` with the market trading meanwhile: `tick` runs before each look, as a live market keeps trading.
 * A paper order fills at the first trade after it reaches the broker, and a tapped approval reaches the broker a
 * moment after the tap is answered, so one tick right after the tap may come too early.
 */
export function filledWhileTicking(what: string, get: () => Promise<Order | undefined>, tick: () => void, timeoutMs?: number): Promise<Order> {
  return eventually(
    what,
    async () => {
      tick();
      const o = await get();
      return o?.status === 'FILLED' ? o : undefined;
    },
    timeoutMs,
  );
}
