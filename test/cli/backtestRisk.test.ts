/**
 * `autoppm backtest --risk`: by default the risk engine applies only the holdings and cash rules (results as
 * before the one pipeline); `--risk config` applies the bot's configured RISK_* limits — the same ones paper and live
 * trade under — and the report counts the orders they refused, by rule. Run as a person would (bin/autoppm.js).
 */
import { CLI_TEST_TIMEOUT_MS, runCli } from './runCli';

const ARGS = ['backtest', '--strategy', 'sma-cross', '--symbols', 'RELIANCE', '--data', 'synthetic'];

interface JsonResult {
  readonly refusals: Record<string, number>;
  readonly request: { readonly riskLimits?: { readonly maxOrderValue: number } };
  readonly metrics: { readonly finalEquity: number };
}

describe('autoppm backtest --risk', () => {
  jest.setTimeout(CLI_TEST_TIMEOUT_MS);

  test('none by default; config applies RISK_MAX_ORDER_VALUE and the report counts the refused orders', async () => {
    const plain = await runCli([...ARGS, '--json']);
    expect(plain.code).toBe(0);
    const base = JSON.parse(plain.stdout) as JsonResult;
    expect(base.refusals).toEqual({});
    expect(base.request.riskLimits).toBeUndefined();

    // ₹1,000 is less than one synthetic RELIANCE share: every entry is refused by the order-value limit.
    const env = { RISK_MAX_ORDER_VALUE: '1000' };
    const limited = await runCli([...ARGS, '--risk', 'config', '--json'], env);
    expect(limited.code).toBe(0);
    const r = JSON.parse(limited.stdout) as JsonResult;
    expect(r.request.riskLimits?.maxOrderValue).toBe(1000);
    expect(r.refusals['order-value']).toBeGreaterThan(0);
    expect(r.metrics.finalEquity).not.toBeCloseTo(base.metrics.finalEquity, 0);

    const card = await runCli([...ARGS, '--risk', 'config'], env);
    expect(card.code).toBe(0);
    expect(card.stdout).toMatch(/risk limits the configured ones/);
    expect(card.stdout).toMatch(new RegExp(`Refused orders +order-value ${r.refusals['order-value']}\\b`));
  });

  test('an unknown value is a usage error', async () => {
    const bad = await runCli([...ARGS, '--risk', 'strict']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--risk must be none or config, not "strict".');
  });
});
