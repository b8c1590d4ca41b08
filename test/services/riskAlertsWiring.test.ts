/**
 * createEngineServices with the risk report, the alert center and a saved kill switch: /risk, /alerts,
 * /mute and /halt run through the real command layer against engine services on the paper broker.
 */
import { alertsCommand } from '../../commands/alerts';
import { haltCommand } from '../../commands/halt';
import type { Command } from '../../commands/lib/command';
import { parseCommandLine } from '../../commands/lib/parser';
import { muteCommand } from '../../commands/mute';
import { riskCommand } from '../../commands/risk';
import type { Services } from '../../src/services/services';
import { NseCalendar } from '../../src/calendar/nseCalendar';
import { DomainEvents } from '../../src/core/events';
import { userId } from '../../src/core/ids';
import { unwrap } from '../../src/core/result';
import { AlertCenter } from '../../src/risk/alerts/alertCenter';
import { MemoryAlertStore } from '../../src/risk/alerts/alertStore';
import { discoverStrategies } from '../../src/strategyLoader/discoverStrategies';
import { MemoryTradingStateStore } from '../../src/core/ports/tradingStateStore';
import { MemoryOrderRepository } from '../../src/core/ports/orderRepository';
import { createEngineServices } from '../../src/services/engine/createServices';
import { engineFixture, history, STRATEGIES_DIR } from '../commands/support/engineServices';

const admin = { id: userId('a'), role: 'admin' as const, name: 'asha' };

async function run(command: Command, line: string, services: Services) {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) throw new Error(parsed.error);
  const bound = await command.bind(parsed.value, services);
  if (!bound.ok) throw new Error(bound.error);
  return bound.value.run(services, admin);
}

describe('risk, alerts and kill switch through createEngineServices', () => {
  it('/risk, /mute, /alerts and /halt work end to end', async () => {
    const fx = await engineFixture();
    const events = new DomainEvents();
    const alerts = new AlertCenter({ store: new MemoryAlertStore(), events, clock: fx.clock });
    const tradingStore = new MemoryTradingStateStore();
    const services = createEngineServices({
      mode: 'paper',
      clock: fx.clock,
      calendar: new NseCalendar(),
      registry: unwrap(discoverStrategies(STRATEGIES_DIR)),
      tradingState: fx.stack.risk,
      instances: fx.manager,
      accountCapital: 1_000_000,
      orders: fx.stack.pipeline,
      orderRepository: new MemoryOrderRepository(),
      broker: fx.broker,
      lotSize: () => 1,
      history,
      alerts,
      risk: { indexSymbol: 'TCS' },
      killSwitch: { store: tradingStore, emit: (e) => events.emit(e) },
    });
    // Flat book: no VaR lines, every usage 0.
    const flat = await run(riskCommand, '/risk', services);
    expect(flat).toMatchObject({ kind: 'many', replies: [{ kind: 'table', title: expect.stringContaining('Risk on ₹10,00,000.00 equity') }, { kind: 'table', title: 'Limits' }] });

    expect(await run(muteCommand, '/mute drawdown 1h', services)).toMatchObject({ kind: 'text', text: expect.stringMatching(/^Muted drawdown alerts for /) });
    expect(await run(alertsCommand, '/alerts', services)).toEqual({ kind: 'text', text: expect.stringMatching(/^No alerts\. Muted: drawdown until /) });

    expect(await run(haltCommand, '/halt', services)).toEqual({ kind: 'text', text: 'Trading is now HALTED (was ACTIVE), set by asha.' });
    await new Promise((r) => setImmediate(r));
    expect(await tradingStore.load()).toMatchObject({ state: 'HALTED', by: 'asha' });
  });
});
