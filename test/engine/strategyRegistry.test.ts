/** Registry: discovery of strategies/, list, describe with defaults and bounds, parameter checks. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StrategyRegistry } from '../../src/engine/strategyRegistry';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { unwrap } from '../../src/core/result';
import { STRATEGIES_DIR } from './support/restartScenario';

const reg = unwrap(discoverStrategies(STRATEGIES_DIR));

describe('StrategyRegistry', () => {
  it('discovers the four built-ins (helpers in sub-folders are not strategies)', () => {
    expect(reg.list().map((s) => [s.name, s.universe])).toEqual([
      ['mean-reversion', 'single'],
      ['momentum', 'multi'],
      ['multi-factor', 'multi'],
      ['sma-cross', 'single'],
    ]);
    for (const s of reg.list()) expect(s.summary.length).toBeGreaterThan(20);
  });

  it('describes parameters with defaults, bounds and descriptions', () => {
    const d = unwrap(reg.describe('sma-cross'));
    expect(d.params).toEqual([
      { name: 'fast', type: 'integer', default: 10, min: 1, max: 500, description: 'fast SMA period (bars)' },
      { name: 'slow', type: 'integer', default: 30, min: 2, max: 2000, description: 'slow SMA period (bars)' },
    ]);
    const m = unwrap(reg.describe('momentum'));
    expect(m.params.find((p) => p.name === 'mode')).toMatchObject({ default: 'time-series', choices: ['time-series', 'cross-sectional'] });
    expect(reg.describe('nope')).toEqual({ ok: false, error: 'Unknown strategy "nope"; known: mean-reversion, momentum, multi-factor, sma-cross.' });
  });

  it('validates: defaults fill in, strings from chat convert, each bad field is named with its bounds', () => {
    expect(unwrap(reg.validate('sma-cross', {}))).toEqual({ fast: 10, slow: 30 });
    expect(unwrap(reg.validate('sma-cross', { fast: '7', slow: ' 21 ' }))).toEqual({ fast: 7, slow: 21 });
    const bad = reg.validate('sma-cross', { fast: 0, slow: 2.5, speed: 3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBe(
        'Invalid parameters for sma-cross: unknown parameter "speed" (known: fast, slow); ' +
          'fast: Too small: expected number to be >=1 (integer, 1..500, default 10); ' +
          'slow: expected int, received number (integer, 2..2000, default 30).',
      );
    }
    const order = reg.validate('sma-cross', { fast: 40, slow: 30 });
    expect(!order.ok && order.error).toBe('Invalid parameters for sma-cross: fast: fast must be smaller than slow (integer, 1..500, default 10).');
    const mode = reg.validate('momentum', { mode: 'sideways' });
    expect(!mode.ok && mode.error).toContain('mode:');
    expect(!mode.ok && mode.error).toContain('one of time-series|cross-sectional');
  });

  it('reports a strategy file that fails to load, and duplicate names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strategies-'));
    writeFileSync(join(dir, 'broken.js'), 'throw new Error("syntax is hard")');
    const r = discoverStrategies(dir);
    expect(r).toEqual({ ok: false, error: 'Strategy file broken.js failed to load (syntax is hard); fix or remove it.' });
    const sma = unwrap(reg.get('sma-cross'));
    const two = new StrategyRegistry();
    expect(two.register(sma).ok).toBe(true);
    expect(two.register({ ...sma }).ok).toBe(false);
  });
});
