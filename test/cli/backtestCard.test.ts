/**
 * `autoppm backtest` prints the one result card of chat and jobs (src/services/backtestCard.ts, as text through the
 * console's renderer) and below it the figures only the command line shows (detailedFigures): no figure twice. The
 * card's chart is equity.png in --out (the card says where), and metrics.txt holds what was printed. Run as a
 * person would (bin/autoppm.js); the figures are checked against the same run's --json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pct, rupees } from '../../src/core/figures';
import { runCli, scratchDir } from './runCli';

const ARGS = ['backtest', '--strategy', 'sma-cross', '--symbols', 'RELIANCE', '--data', 'synthetic', '--from', '2021-01-01', '--to', '2023-12-31', '--params', 'fast=10', 'slow=30'];
const CARD_LABELS = ['Final equity', 'Return', 'CAGR', 'Max drawdown', 'Sharpe', 'Trades', 'Win rate', 'Charges'];

interface JsonResult {
  readonly metrics: { readonly finalEquity: number; readonly totalReturn: number; readonly trades: number; readonly startTime: number };
}

/** The label of each figure line: the text before two or more spaces. */
const labels = (lines: readonly string[]): string[] =>
  lines.flatMap((l) => {
    const gap = l.indexOf('  ');
    return gap > 0 && l[0] !== ' ' && l.slice(gap).trim() !== '' ? [l.slice(0, gap)] : [];
  });

describe('autoppm backtest: the one result card, then the detailed figures', () => {
  jest.setTimeout(60_000);

  test('without --out: the card (figures as --json has them, the chart not saved, Run in paper), then the figures only the CLI shows', async () => {
    const [text, json] = await Promise.all([runCli(ARGS), runCli([...ARGS, '--json'])]);
    expect(text.code).toBe(0);
    expect(json.code).toBe(0);
    const m = (JSON.parse(json.stdout) as JsonResult).metrics;
    const [card, more] = text.stdout.trimEnd().split('\n\n');
    expect(card).toBeDefined();
    expect(more).toBeDefined();
    const cardLines = card!.split('\n');
    expect(cardLines[0]).toMatch(/^Backtest sma-cross on RELIANCE, 2021-01-\d\d → 2023-12-\d\d \(day\) — synthetic data$/);
    expect(cardLines).toContainEqual(expect.stringMatching(new RegExp(`^Final equity +${rupees(m.finalEquity).replace(/[.]/g, '\\.')}$`)));
    expect(cardLines).toContainEqual(expect.stringMatching(new RegExp(`^Return +${pct(m.totalReturn).replace(/[.]/g, '\\.')}$`)));
    expect(cardLines).toContainEqual(expect.stringMatching(new RegExp(`^Trades +${m.trades}$`)));
    expect(card).toContain('[image] sma-cross RELIANCE: equity and drawdown\n  not saved (--out <dir> writes it as equity.png)');
    expect(card).toContain('[Run in paper] type /run sma-cross RELIANCE fast=10 slow=30');
    expect(cardLines.slice(1, 3).map((l) => l.split(/ +/)[0])).toEqual(['metric', '------------']);
    expect(labels(cardLines.slice(3))).toEqual(CARD_LABELS);

    const moreLines = more!.split('\n');
    expect(moreLines.slice(0, 2)).toEqual(['More figures', '------------']);
    const detailed = labels(moreLines);
    expect(detailed).toEqual(expect.arrayContaining(['Starting cash', 'Sortino', 'Drawdown period', 'Profit factor', 'Charges by kind', 'Settings']));
    expect(detailed.filter((l) => CARD_LABELS.includes(l))).toEqual([]);
  });

  test('with --out: the card says where the chart is, equity.png is a PNG and metrics.txt is what was printed', async () => {
    const cwd = scratchDir();
    const r = await runCli([...ARGS, '--out', 'report'], {}, cwd);
    expect(r.code).toBe(0);
    const dir = join(cwd, 'report');
    expect(r.stdout).toContain(`[image] sma-cross RELIANCE: equity and drawdown\n  saved to ${join(dir, 'equity.png')}`);
    expect(r.stderr).toContain(`Wrote ${join(dir, 'metrics.txt')}, ${join(dir, 'trades.csv')}, ${join(dir, 'result.json')}, ${join(dir, 'equity.png')}`);
    expect([...readFileSync(join(dir, 'equity.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readFileSync(join(dir, 'metrics.txt'), 'utf8').trimEnd()).toBe(r.stdout.trimEnd());
  });
});
