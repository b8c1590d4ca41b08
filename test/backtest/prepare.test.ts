/**
 * The one road before a run (src/backtest/prepare.ts): a prepared backtest carries the validated params, the
 * bars cut to the range and the result key; runPrepared runs it without checking again. It holds no state of a
 * run (each run has its own charge book): running it twice, or preparing afresh, gives the same figures.
 */
import { prepareBacktest } from '../../src/backtest/prepare';
import { runBacktest, runPrepared } from '../../src/backtest/runBacktest';
import { request, seeded, strategies } from './support/fixtures';

const data = { series: seeded(['AAA', 'BBB'], 400, 'day', 3), synthetic: true };
const spec = request({ strategy: 'sma-cross', symbols: ['AAA', 'BBB'], interval: 'day', from: '2015-03-02', to: '2015-12-31', costs: 'zerodha', params: { fast: '5', slow: '20' } });

test('a prepared backtest holds the validated params, the cut bars and the key the result gets', () => {
  const p = prepareBacktest(spec, data, strategies());
  if (!p.ok) throw new Error(p.error);
  expect(p.value.params).toEqual({ fast: 5, slow: 20 });
  expect(p.value.spec.params).toEqual(p.value.params);
  expect(p.value.series.map((s) => s.symbol)).toEqual(['AAA', 'BBB']);
  expect(p.value.series.every((s) => s.length > 0 && s.length < 400)).toBe(true);
  const r = runPrepared(p.value, {});
  if (!r.ok) throw new Error(r.error);
  expect(r.value.key).toBe(p.value.key);
  expect(r.value.request).toEqual(p.value.spec);
  expect(r.value.dataFingerprint).toBe(p.value.fingerprint);
});

test('a prepared value holds no state of a run: again, or prepared afresh, the same figures', () => {
  const p = prepareBacktest(spec, data, strategies());
  if (!p.ok) throw new Error(p.error);
  const first = runPrepared(p.value, {});
  if (!first.ok) throw new Error(first.error);
  expect(first.value.metrics.trades).toBeGreaterThan(0);
  for (const again of [runPrepared(p.value, {}), runBacktest(spec, data, { strategies: strategies() })]) {
    if (!again.ok) throw new Error(again.error);
    expect(again.value.key).toBe(first.value.key);
    expect(again.value.metrics).toEqual(first.value.metrics);
    expect(again.value.trades).toEqual(first.value.trades);
    expect(again.value.fills).toBe(first.value.fills);
  }
});

test('refusals come from the one check, in the order they did before', () => {
  const reg = strategies();
  expect(prepareBacktest({ ...spec, strategy: 'nope' }, data, reg)).toEqual({ ok: false, error: expect.stringMatching(/^Unknown strategy "nope"; known: /) });
  expect(prepareBacktest({ ...spec, params: { fast: 'x' }, costs: 'weird' }, data, reg)).toEqual({ ok: false, error: expect.stringMatching(/^Invalid parameters for sma-cross: fast: /) });
  expect(prepareBacktest({ ...spec, costs: 'weird', symbols: ['ZZZ'] }, data, reg)).toEqual({ ok: false, error: 'Unknown cost model "weird"; use zerodha, none or bps:<basis points> such as bps:5.' });
  expect(prepareBacktest({ ...spec, allowShort: true, symbols: ['ZZZ'] }, data, reg)).toEqual({ ok: false, error: 'Shorting is allowed only for MIS (intraday) positions; use the MIS product or stay long-only.' });
  expect(prepareBacktest({ ...spec, symbols: ['ZZZ'] }, data, reg)).toEqual({ ok: false, error: 'There are no bars for ZZZ; load its data first.' });
});
