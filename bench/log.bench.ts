/**
 * Log scrubbing speed on hostile lines (issue 16): every line the logger writes goes through the secret scrubber,
 * and a public request (a Kite postback) can put up to a body's worth of its own text in a line. A 1 MB line of each
 * shape that made the old URI pattern quadratic (a run of letters; before the fix 64 KB took 3.5 s and 1 MB more
 * than 5 minutes) or that each pattern's start can match (digits, `token `, `x://u:`, `/webhooks/1/`, spaces) is
 * scrubbed; the figure is the slowest shape's median milliseconds. Target: a few milliseconds per MB.
 */
import { SecretScrubber } from '../src/log/secretScrubber';
import type { BenchGroup } from './harness';
import { consume, timeMedian } from './harness';

const MB = 1_000_000;
const repeatTo = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

export const SHAPES: Readonly<Record<string, string>> = {
  letters: repeatTo('a', MB),
  digits: repeatTo('1', MB),
  tokenWord: `token ${repeatTo('a', MB - 6)}`,
  schemes: repeatTo('a://', MB),
  credentials: repeatTo(`x://u:${'p'.repeat(50)}`, MB),
  telegram: repeatTo('12345:', MB),
  webhooks: repeatTo('/webhooks/1/', MB),
  spaces: repeatTo(' ', MB),
  postbackJson: `{"order_id":"${repeatTo('A', MB - 100)}","checksum":"x"}`,
};

export const group: BenchGroup = {
  name: 'log',
  run({ report }) {
    const scrubber = new SecretScrubber(['kite-api-secret-value', 'bot-token-value-123']);
    let worst = 0;
    let worstShape = '';
    for (const [shape, line] of Object.entries(SHAPES)) {
      const ms = timeMedian(() => consume(scrubber.scrub(line).length), 5, 1);
      if (ms > worst) {
        worst = ms;
        worstShape = shape;
      }
    }
    report({ bench: 'log.scrub.1mb-line', value: Math.round(worst * 100) / 100, unit: 'ms', note: `slowest of ${Object.keys(SHAPES).length} hostile 1 MB shapes: ${worstShape}` });
  },
};
