/** Strategy instances over the engine's InstanceManager. */
import { parseSizing, sizingText } from '../../engine/sizingRules';
import { strategyInstanceId } from '../../core/ids';
import { formatRupees } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { InstanceRecord } from '../../core/ports/instanceRepository';
import type { InstanceManager } from '../../engine/instances';
import type { CapitalRequest, InstancesService, InstanceView } from '../api/instances';
import { checkSymbols, type SymbolUniverse } from '../symbols';

export interface InstancesServiceOptions {
  readonly manager: InstanceManager;
  /** Rupees the capital shares are shares of (the manager's account capital). */
  readonly accountCapital: number;
  /** Share used when /run names no capital (default 0.1). */
  readonly defaultShare?: number;
  /** The market's symbols (absent: any well-formed symbol). */
  readonly symbols?: SymbolUniverse;
}

/** The sizing rule of an instance in words (a stored rule that no longer parses is shown as stored). */
function sizingOf(r: InstanceRecord): string {
  const s = parseSizing(r.sizing ?? 'all');
  return s.ok ? sizingText(s.value) : (r.sizing ?? 'all');
}

const view = (r: InstanceRecord, accountCapital: number): InstanceView => ({
  id: r.id,
  sizing: sizingOf(r),
  strategy: r.strategy,
  symbols: r.symbols,
  status: r.status,
  capitalShare: r.capitalShare,
  capital: r.capitalShare * accountCapital,
  ...(r.performance
    ? { equity: r.performance.equity, realised: r.performance.realised, unrealised: r.performance.unrealised, fills: r.performance.fills }
    : {}),
  ...(r.message !== undefined ? { message: r.message } : {}),
});

function shareOf(c: CapitalRequest, accountCapital: number): Result<number, string> {
  if ('share' in c) return ok(c.share);
  if (c.rupees > accountCapital) return err(`capital ${formatRupees(c.rupees)} is more than the account's ${formatRupees(accountCapital)}; give less, or a share such as 10%.`);
  return ok(c.rupees / accountCapital);
}

export function instancesService(o: InstancesServiceOptions): InstancesService {
  const { manager, accountCapital } = o;
  const toView = (r: Result<InstanceRecord, string>): Result<InstanceView, string> => (r.ok ? ok(view(r.value, accountCapital)) : r);
  return {
    defaultShare: o.defaultShare ?? 0.1,
    async start(req) {
      const symbols = o.symbols ? await o.symbols.check(req.symbols) : checkSymbols(req.symbols);
      if (!symbols.ok) return symbols;
      const share = shareOf(req.capital ?? { share: o.defaultShare ?? 0.1 }, accountCapital);
      if (!share.ok) return share;
      return toView(await manager.start({ strategy: req.strategy, symbols: symbols.value, params: req.params, capitalShare: share.value, ...(req.sizing !== undefined ? { sizing: req.sizing } : {}) }));
    },
    stop: async (id) => toView(await manager.stop(strategyInstanceId(id))),
    pause: async (id) => toView(await manager.pause(strategyInstanceId(id))),
    resume: async (id) => toView(await manager.resume(strategyInstanceId(id))),
    async stopAll() {
      const stopped: InstanceView[] = [];
      for (const r of manager.list()) {
        if (r.status !== 'running' && r.status !== 'paused') continue;
        const s = await manager.stop(r.id);
        if (!s.ok) return err(`${s.error} (stopped before it: ${stopped.map((v) => v.id).join(', ') || 'none'})`);
        stopped.push(view(s.value, accountCapital));
      }
      return ok(stopped);
    },
    list: () => manager.list().map((r) => view(r, accountCapital)),
  };
}
