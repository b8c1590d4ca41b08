/**
 * The dependency rule of DESIGN.md as dependency-cruiser checks it (.dependency-cruiser.cjs, `npm run lint:deps`):
 * a fixture tree (test/fixtures/depRules) breaks every rule exactly once, and the cruise must report exactly those
 * imports under exactly those rules; the real tree must pass with nothing set aside.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'depRules');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const packageJson = z.object({ scripts: z.record(z.string(), z.string()) });

const violation = z.object({
  from: z.string(),
  to: z.string(),
  rule: z.object({ name: z.string(), severity: z.string() }),
});
const cruiseOutput = z.object({
  summary: z.object({
    violations: z.array(violation),
    error: z.number(),
    ruleSetUsed: z.object({ forbidden: z.array(z.object({ name: z.string() })) }),
  }),
});
type Cruise = z.infer<typeof cruiseOutput>['summary'];

/** Runs depcruise in `cwd` with `args`, reporting in JSON. */
function cruise(cwd: string, args: readonly string[]): Cruise {
  const r = spawnSync(process.execPath, [DEPCRUISE, ...args, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.stdout === '') throw new Error(`depcruise printed nothing (exit ${r.status}): ${r.stderr}`);
  return cruiseOutput.parse(JSON.parse(r.stdout)).summary;
}

const line = (v: z.infer<typeof violation>): string => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('the dependency rule (dependency-cruiser)', () => {
  let fixture: Cruise;
  beforeAll(() => {
    fixture = cruise(FIXTURE, ['--config', CONFIG, 'src', 'commands', 'strategies']);
  }, 60_000);

  it('reports each import of the fixture tree that breaks a rule, under that rule, and nothing else', () => {
    expect(fixture.violations.map(line).sort()).toEqual(
      [
        'core-imports-nothing-of-ours: src/core/usesCalendar.ts -> src/calendar/days.ts',
        'indicators-calendar-import-core-only: src/indicators/usesData.ts -> src/data/bars.ts',
        'strategies-see-core-and-indicators-only: strategies/usesBroker.ts -> src/brokers/paper/fills.ts',
        'pure-domain-imports-pure-only: src/oms/usesRisk.ts -> src/risk/limits.ts',
        'engine-imports-kernel-parts-only: src/engine/usesKite.ts -> src/brokers/kite/session.ts',
        'backtest-imports-engine-paper-data-charts: src/backtest/usesKite.ts -> src/brokers/kite/session.ts',
        'store-imports-downward-only: src/store/usesTelegram.ts -> src/transports/telegram/cards.ts',
        'services-use-engines-and-ports: src/services/usesStore.ts -> src/store/settings.ts',
        'commands-use-services-and-core-only: commands/usesOms.ts -> src/oms/orders.ts',
        'front-ends-use-services-only: src/transports/telegram/usesJobs.ts -> src/jobs/job.ts',
        'no-upward-import: src/notify/usesServices.ts -> src/services/status.ts',
        // A folder loop is reported from each folder on it.
        'no-folder-cycle: src/app/left -> src/app/right',
        'no-folder-cycle: src/app/right -> src/app/left',
        'no-orphans: src/charts/unused.ts -> src/charts/unused.ts',
      ].sort(),
    );
    expect(fixture.error).toBe(14);
  });

  it('has a fixture that breaks every rule of the configuration', () => {
    const rules = new Set(fixture.ruleSetUsed.forbidden.map((r) => r.name));
    const broken = new Set(fixture.violations.map((v) => v.rule.name));
    expect([...rules].sort()).toEqual([...broken].sort());
  });

  it('passes on the real tree (`npm run lint:deps`, which `npm run lint` runs), nothing set aside', () => {
    const scripts = packageJson.parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).scripts;
    expect(scripts['lint']).toMatch(/&& npm run lint:deps$/);
    const [bin, ...args] = (scripts['lint:deps'] ?? '').split(' ');
    expect(bin).toBe('depcruise');
    expect(args).toEqual(expect.arrayContaining(['--config', '.dependency-cruiser.cjs']));
    expect(args.join(' ')).not.toMatch(/ignore-known/);
    const real = cruise(ROOT, args);
    expect(real.violations.map(line)).toEqual([]);
    expect(real.error).toBe(0);
  }, 60_000);
});
