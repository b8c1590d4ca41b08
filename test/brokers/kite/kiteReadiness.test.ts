/** The readiness check after a Kite login, with the real kiteconnect client against the fake Kite. */
import { kiteReadiness } from '../../../src/brokers/kite/kiteReadiness';
import { readinessNotice } from '../../../src/notify/readinessNotice';
import { KiteBroker } from '../../../src/brokers/kite/kiteBroker';
import { err, ok } from '../../../src/core/result';
import { startFakeKite, type FakeKite } from '../../fakes/kite';
import { clientFor, INFY } from '../../fakes/kite/support';

/** The KiteBroker the bot passes, over the real kiteconnect client (no waits between its retries). */
const brokerFor = (kite: FakeKite, token?: string): KiteBroker => new KiteBroker({ kite: token === undefined ? clientFor(kite) : clientFor(kite, token), clock: { now: () => Date.now() }, sleep: async () => undefined });

describe('kiteReadiness', () => {
  let kite: FakeKite;
  beforeAll(async () => {
    kite = await startFakeKite({ instruments: [INFY], cash: 123_456.5 });
  });
  afterAll(async () => kite.close());

  test('every part ready: profile, margins, instruments, ticker, static IPs', async () => {
    const r = await kiteReadiness({ client: brokerFor(kite), instruments: async () => ok(1), ticker: async () => ok({ connected: true, subscribed: 3 }), staticIps: ['203.0.113.7', '2001:db8::7'] });
    expect(r.problems).toBe(0);
    expect(r.lines).toEqual([
      'Profile: AB1234 (Fake Kite User)',
      'Margins (equity): available cash ₹1,23,456.50, net ₹1,23,456.50',
      'Instruments: 1 loaded',
      'Ticker: connected, 3 symbol(s) subscribed',
      "Static IP: since 1 April 2026 Kite accepts orders only from IPs whitelisted under Profile → IP Whitelist on developers.kite.trade; this bot is configured to send them from 203.0.113.7, 2001:db8::7 (KITE_STATIC_IPS) — check that this machine's public IP is one of them and is whitelisted.",
    ]);
    const n = readinessNotice(r, 'Fake Kite User');
    expect(n.title).toBe('Kite login complete: trading is ready');
    expect(n.severity).toBe('info');
    expect(n.text?.split('\n')[0]).toBe('Logged in as Fake Kite User.');
  });

  test('a failing part says so on its own line and the others still report', async () => {
    kite.faults.add({ route: 'user.margins.segment', times: 10, action: { kind: 'error', status: 503, errorType: 'NetworkException', message: 'Margins service down' } });
    const r = await kiteReadiness({
      client: brokerFor(kite),
      instruments: async () => err('Downloading the instruments list from Kite failed (timeout); try again later.'),
      ticker: async () => ok({ connected: false, subscribed: 2 }),
    });
    expect(r.problems).toBe(4); // margins, instruments, ticker, and no static IP configured
    expect(r.lines[4]).toBe('Static IP: none configured; since 1 April 2026 Kite accepts orders only from IPs whitelisted under Profile → IP Whitelist on developers.kite.trade. Set KITE_STATIC_IPS to the static IP(s) you whitelisted there, and run the bot from one of them.');
    expect(r.lines[0]).toBe('Profile: AB1234 (Fake Kite User)');
    expect(r.lines[1]).toMatch(/^Margins: not available \(.*Margins service down.*\); check the funds page on Kite\.$/);
    expect(r.lines[2]).toBe('Instruments: not loaded (Downloading the instruments list from Kite failed (timeout); try again later.)');
    expect(r.lines[3]).toMatch(/^Ticker: not connected yet, 2 symbol\(s\) subscribed/);
    const n = readinessNotice(r, undefined);
    expect(n.title).toBe('Kite login complete: 4 readiness check(s) failed');
    expect(n.severity).toBe('warning');
  });

  test('an expired token: profile and margins say they are not available', async () => {
    const r = await kiteReadiness({ client: brokerFor(kite, 'not_a_token'), instruments: async () => ok(1), ticker: async () => err('no live ticker runs'), staticIps: ['203.0.113.7'] });
    expect(r.lines[0]).toMatch(/^Profile: not available \(.+\); check the Kite session with \/status\.$/);
    expect(r.lines[1]).toMatch(/^Margins: not available/);
    expect(r.lines[3]).toBe('Ticker: not connected (no live ticker runs)');
    expect(r.problems).toBe(3);
  });
});
