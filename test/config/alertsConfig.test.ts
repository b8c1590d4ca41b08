/**
 * Issue 19's configuration: ALERT_SOURCES (per-source secret and defaults), the per-source rate and the duplicate
 * window, and the outgoing webhooks routed by kind. Problems name the source and the field, never a secret; the
 * secrets and webhook URLs are scrubbed from logs (secretValues); the banner says what is on.
 */
import { describeConfig, formatConfigError, loadConfig, secretValues, type Config, type Env } from '../../src/config';

const SECRET = 'tv-secret-0123456789';

function valid(env: Env): Config {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(formatConfigError(r.error));
  return r.value;
}

/** The one problem of `name`, as the person sees it. */
function problemOf(env: Env, name: string): string {
  const r = loadConfig(env);
  if (r.ok) throw new Error('expected a config error');
  const p = r.error.problems.find((x) => x.variable === name);
  if (!p) throw new Error(`no problem for ${name}: ${formatConfigError(r.error)}`);
  return `${p.expected} | ${p.got ?? 'not set'}`;
}

describe('ALERT_SOURCES', () => {
  test('defaults: no sources, 30 alerts a minute, a 10-minute duplicate window', () => {
    expect(valid({}).alerts).toEqual({ sources: [], perMinute: 30, duplicateWindowMs: 600_000 });
  });

  test('parses each source with its defaults (CNC, qty:1, always, any symbol, buy)', () => {
    const c = valid({
      ALERT_SOURCES: JSON.stringify({
        tv: { secret: SECRET, product: 'mis', size: 'amount:20000', approval: 'below:50000', symbols: ['nse:reliance', 'TCS'], perMinute: 5 },
        chartink: { secret: 'ck-secret-0123456789', action: 'SELL', size: 'pct:2.5', approval: 'policy', symbols: 'INFY, M&M' },
        text: { secret: 'tx-secret-0123456789' },
      }),
      ALERT_RATE_PER_MINUTE: '12',
      ALERT_DUPLICATE_WINDOW_SECONDS: '90',
    });
    expect(c.alerts.perMinute).toBe(12);
    expect(c.alerts.duplicateWindowMs).toBe(90_000);
    expect(c.alerts.sources).toEqual([
      { name: 'tv', secret: SECRET, product: 'MIS', sizing: { kind: 'amount', rupees: 20000 }, approval: { kind: 'below', rupees: 50000 }, symbols: ['RELIANCE', 'TCS'], action: 'buy', perMinute: 5 },
      { name: 'chartink', secret: 'ck-secret-0123456789', product: 'CNC', sizing: { kind: 'pct', percent: 2.5 }, approval: { kind: 'policy' }, symbols: ['INFY', 'M&M'], action: 'sell' },
      { name: 'text', secret: 'tx-secret-0123456789', product: 'CNC', sizing: { kind: 'qty', quantity: 1 }, approval: { kind: 'always' }, symbols: [], action: 'buy' },
    ]);
  });

  test.each([
    ['not JSON', '{tv:', /not JSON/],
    ['a list', '[]', /expected a JSON object keyed by source name/],
    ['a bad name', JSON.stringify({ 'Trading View': { secret: SECRET } }), /source "Trading View": a name is 1–32 lower-case letters/],
    ['no secret', JSON.stringify({ tv: { product: 'CNC' } }), /source "tv": secret: required/],
    ['a short secret', JSON.stringify({ tv: { secret: 'short' } }), /source "tv": secret: expected 16–128 letters, digits, _ or -/],
    ['a bad size', JSON.stringify({ tv: { secret: SECRET, size: 'lots' } }), /source "tv": size: expected qty:N/],
    ['a fractional qty', JSON.stringify({ tv: { secret: SECRET, size: 'qty:1.5' } }), /source "tv": size: expected qty:N/],
    ['a bad approval', JSON.stringify({ tv: { secret: SECRET, approval: 'never' } }), /source "tv": approval: expected always, policy or below:N/],
    ['a bad product', JSON.stringify({ tv: { secret: SECRET, product: 'NRML' } }), /source "tv": product: expected CNC or MIS/],
    ['a bad symbol', JSON.stringify({ tv: { secret: SECRET, symbols: ['../x'] } }), /source "tv": symbols: expected NSE symbols/],
    ['an unknown field', JSON.stringify({ tv: { secret: SECRET, sise: 'qty:1' } }), /source "tv": unknown field sise/],
  ])('refuses %s, naming the source and field and never the value', (_name, value, expected) => {
    const p = problemOf({ ALERT_SOURCES: value }, 'ALERT_SOURCES');
    expect(p).toMatch(expected);
    expect(p).toMatch(/| a hidden value, \d+ characters long$/);
    expect(p).not.toContain(SECRET);
  });

  test('the rate and the window have bounds', () => {
    expect(problemOf({ ALERT_RATE_PER_MINUTE: '0' }, 'ALERT_RATE_PER_MINUTE')).toMatch(/from 1 to 600/);
    expect(problemOf({ ALERT_DUPLICATE_WINDOW_SECONDS: '-5' }, 'ALERT_DUPLICATE_WINDOW_SECONDS')).toMatch(/from 1 to 604800/);
  });
});

describe('outgoing webhooks', () => {
  test('off by default, JSON', () => {
    expect(valid({}).webhooks).toEqual({ urls: { risk: [], fill: [], summary: [], system: [], approval: [] }, format: 'json' });
  });

  test('a per-kind list replaces the default for that kind; approvals follow the default list', () => {
    const c = valid({
      OUTGOING_WEBHOOK_URLS: 'https://hooks.example.com/all, http://127.0.0.1:9000/x',
      OUTGOING_WEBHOOK_URLS_FILLS: 'https://fills.example.com/f',
      OUTGOING_WEBHOOK_FORMAT: 'form',
    });
    const all = ['https://hooks.example.com/all', 'http://127.0.0.1:9000/x'];
    expect(c.webhooks).toEqual({ urls: { risk: all, fill: ['https://fills.example.com/f'], summary: all, system: all, approval: all }, format: 'form' });
  });

  test('refuses what is not a URL list, without echoing it', () => {
    expect(problemOf({ OUTGOING_WEBHOOK_URLS: 'https://ok.example.com/a,ftp://x/y' }, 'OUTGOING_WEBHOOK_URLS')).toMatch(/\(entry 2 is not an http\(s\) URL\) \| a hidden value/);
    expect(problemOf({ OUTGOING_WEBHOOK_URLS_RISK: 'https://a.example.com,https://a.example.com' }, 'OUTGOING_WEBHOOK_URLS_RISK')).toMatch(/a URL is listed twice/);
    expect(problemOf({ OUTGOING_WEBHOOK_FORMAT: 'xml' }, 'OUTGOING_WEBHOOK_FORMAT')).toMatch(/json or form/);
  });
});

describe('secrets and the banner', () => {
  const env: Env = {
    ALERT_SOURCES: JSON.stringify({ tv: { secret: SECRET }, chartink: { secret: 'ck-secret-0123456789' } }),
    OUTGOING_WEBHOOK_URLS: 'https://hooks.example.com/T0KEN-in-path',
  };

  test('every source secret and webhook URL is scrubbed from logs', () => {
    expect(secretValues(valid(env))).toEqual(expect.arrayContaining([SECRET, 'ck-secret-0123456789', 'https://hooks.example.com/T0KEN-in-path']));
  });

  test('the banner names the sources and the webhooks, never a secret or a URL', () => {
    const text = describeConfig(valid(env)).join('\n');
    expect(text).toContain('Incoming alerts: tv, chartink at POST /hooks/alerts/<source>, 30/min per source, repeats within 600 s place nothing');
    expect(text).toContain('Outgoing webhooks: 1 URL (json) for risk, fill, summary, system, approval');
    expect(text).not.toMatch(/secret-0123|T0KEN/);
    const off = describeConfig(valid({})).join('\n');
    expect(off).toContain('Incoming alerts: off (no ALERT_SOURCES)');
    expect(off).toContain('Outgoing webhooks: off (no OUTGOING_WEBHOOK_URLS)');
  });
});
