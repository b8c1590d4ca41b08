/** Every chat command, and the registry and dispatcher the transports use. */
import { alertsCommand } from './alerts';
import { approveCommand } from './approve';
import { backtestCommand } from './backtest';
import { chartCommand } from './chart';
import { haltCommand } from './halt';
import { helpCommand } from './help';
import { holdingsCommand } from './holdings';
import { instancesCommand } from './instances';
import { CommandDispatcher, type DispatchLog } from './lib/dispatcher';
import { CommandRegistry } from './lib/registry';
import { loginCommand } from './login';
import { logoutCommand } from './logout';
import { modeCommand } from './mode';
import { muteCommand } from './mute';
import { optimizeCommand } from './optimize';
import { orderCommand } from './order';
import { ordersCommand } from './orders';
import { pauseCommand } from './pause';
import { pendingCommand } from './pending';
import { pnlCommand } from './pnl';
import { portfolioCommand } from './portfolio';
import { positionsCommand } from './positions';
import { rebalanceCommand } from './rebalance';
import { rebalanceSubmitCommand } from './rebalance_submit';
import { reduceCommand } from './reduce';
import { rejectCommand } from './reject';
import { resumeCommand } from './resume';
import { resolveCommand } from './resolve';
import { resumeTradingCommand } from './resume_trading';
import { riskCommand } from './risk';
import { runCommand } from './run';
import { settingsCommand } from './settings';
import { startCommand } from './start';
import { statusCommand } from './status';
import { stopCommand } from './stop';
import { strategiesCommand } from './strategies';
import { strategyCommand } from './strategy';
import { sweepCommand } from './sweep';
import type { Services } from '../src/services/services';

export { CommandDispatcher, type DispatchLog } from './lib/dispatcher';
export { CommandRegistry } from './lib/registry';
export type { Command } from './lib/command';
export { parseCommandLine, type ParsedLine } from './lib/parser';

/** The standard command set, in the order /help lists it. */
export function createCommandRegistry(): CommandRegistry {
  const registry: CommandRegistry = new CommandRegistry([
    startCommand,
    helpCommand(() => registry),
    statusCommand,
    strategiesCommand,
    strategyCommand,
    runCommand,
    instancesCommand,
    stopCommand,
    pauseCommand,
    resumeCommand,
    backtestCommand,
    sweepCommand,
    portfolioCommand,
    positionsCommand,
    holdingsCommand,
    ordersCommand,
    orderCommand,
    resolveCommand,
    pnlCommand,
    riskCommand,
    pendingCommand,
    approveCommand,
    rejectCommand,
    optimizeCommand,
    rebalanceCommand,
    rebalanceSubmitCommand,
    chartCommand,
    alertsCommand,
    muteCommand,
    haltCommand,
    reduceCommand,
    resumeTradingCommand,
    loginCommand,
    logoutCommand,
    modeCommand,
    settingsCommand,
  ]);
  return registry;
}

/** A dispatcher over the standard commands. */
export function createDispatcher(services: Services, options: { readonly log?: DispatchLog; readonly now?: () => number; readonly confirmTtlMs?: number } = {}): CommandDispatcher {
  return new CommandDispatcher({ registry: createCommandRegistry(), services, ...options });
}
