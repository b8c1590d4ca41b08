/**
 * The one check of a backtest request, before it runs or is queued (issue 18): the strategy, its parameters, the
 * cost model and the request's rules (backtest/prepare.ts `checkSpec`, before any bar is loaded), the symbols (the
 * market's universe, with "did you mean"), the dates (as asked, else the default range; not in the future), and the
 * bars: a symbol without bars in the range is refused, one whose bars start after `from` or end before `to` is noted
 * ("INFY's daily bars start 2020-01-01") — said once, before the run, instead of a silently shorter backtest. What
 * comes out is the prepared backtest (prepare.ts: bars cut, result key) the runner runs as it is. Parse at each
 * boundary, check once per run: the queue-time check (`BacktestService.check`) and the run's own are two moments
 * (the run may come in another process on another day), each checking once.
 */
import { istDate, istTime } from '../../calendar/ist';
import { checkSpec, prepareChecked, type BacktestData, type PreparedBacktest, type StrategySource } from '../../backtest/prepare';
import { buildRequest } from '../../backtest/request';
import type { BacktestSpec } from '../../backtest/types';
import { err, ok, type Result } from '../../core/result';
import type { BacktestCheck, BacktestRequest } from '../api/backtest';
import { checkSymbols, type SymbolUniverse } from '../symbols';
import type { Refusal } from '../user';

/** Bars may start a few days after `from` (a weekend, a holiday) without a note. */
const SLACK_MS = 7 * 86_400_000;

export interface BacktestCheckOptions {
  /** The strategies and their parameter validation (the registry). */
  readonly strategies: StrategySource;
  /** The market's symbols (absent: any well-formed symbol). */
  readonly symbols?: SymbolUniverse;
  readonly data: (req: { readonly symbols: readonly string[]; readonly interval: BacktestSpec['interval']; readonly from: string; readonly to: string }) => Promise<Result<BacktestData, string>>;
  readonly range: (req: BacktestRequest, now: number) => { readonly from: string; readonly to: string };
  readonly cash: number;
  readonly costs: string;
  readonly now: () => number;
}

export interface CheckedBacktest extends BacktestCheck {
  readonly prepared: PreparedBacktest;
}

export async function checkBacktest(req: BacktestRequest, o: BacktestCheckOptions): Promise<Result<CheckedBacktest, Refusal>> {
  const symbols = o.symbols ? await o.symbols.check(req.symbols) : checkSymbols(req.symbols);
  if (!symbols.ok) return symbols;
  const { from, to } = o.range(req, o.now());
  const today = istDate(o.now());
  if (from > today) return err(`from=${from} is in the future; the bars go up to today (${today}).`);
  if (!(from < to)) return err(`from=${from} must be before to=${to}.`);
  const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, typeof v === 'string' ? v : v.join(',')]));
  const request = buildRequest({ strategy: req.strategy, symbols: symbols.value, interval: req.interval ?? 'day', from, to, params, cash: o.cash, costs: o.costs });
  if (!request.ok) return request;
  const checked = checkSpec(request.value, o.strategies);
  if (!checked.ok) return checked;
  const data = await o.data({ symbols: request.value.symbols, interval: request.value.interval, from, to });
  if (!data.ok) return data;
  const notes: string[] = [];
  const wanted = { from: istTime(from), to: istTime(to) };
  for (const [symbol, s] of data.value.series) {
    if (s.length === 0) continue;
    const first = s.time[0]!;
    const last = s.time[s.length - 1]!;
    const starts = first > wanted.from + SLACK_MS ? `start ${istDate(first)}` : '';
    const ends = last < wanted.to - SLACK_MS && istDate(last) < today ? `end ${istDate(last)}` : '';
    if (starts || ends) notes.push(`${symbol}'s ${request.value.interval === 'day' ? 'daily' : request.value.interval} bars ${[starts, ends].filter((x) => x !== '').join(' and ')} (asked ${from} → ${to}).`);
  }
  const prepared = prepareChecked(checked.value, data.value);
  if (!prepared.ok) return prepared;
  return ok({ from, to, notes, prepared: prepared.value });
}
