/** Every chat command, and the registry and dispatcher the transports use. */
import { alertsCommand } from './alerts';
import { alertsInCommand } from './alerts_in';
import { approveCommand } from './approve';
import { backtestCommand } from './backtest';
import { buyCommand } from './buy';
import { cancelCommand } from './cancel';
import { exitCommand } from './exit';
import { modifyCommand } from './modify';
import { sellCommand } from './sell';
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
// Issue 18 part B: history and statistics, operator basics.
import { dailyCommand } from './daily';
import { monthlyCommand } from './monthly';
import { performanceCommand } from './performance';
import { statsCommand } from './stats';
import { tradesCommand } from './trades';
import { weeklyCommand } from './weekly';
import { healthCommand } from './health';
import { logsCommand } from './logs';
import { versionCommand } from './version';
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
    buyCommand,
    sellCommand,
    exitCommand,
    cancelCommand,
    modifyCommand,
    resolveCommand,
    pnlCommand,
    // Issue 18 part B: history and statistics.
    tradesCommand,
    performanceCommand,
    dailyCommand,
    weeklyCommand,
    monthlyCommand,
    statsCommand,
    riskCommand,
    pendingCommand,
    approveCommand,
    rejectCommand,
    optimizeCommand,
    rebalanceCommand,
    rebalanceSubmitCommand,
    chartCommand,
    alertsCommand,
    alertsInCommand,
    muteCommand,
    haltCommand,
    reduceCommand,
    resumeTradingCommand,
    loginCommand,
    logoutCommand,
    modeCommand,
    settingsCommand(() => registry),
    // Issue 18 part B: operator basics.
    versionCommand,
    healthCommand,
    logsCommand,
  ]);
  return registry;
}

/** A dispatcher over the standard commands. */
export function createDispatcher(services: Services, options: { readonly log?: DispatchLog; readonly now?: () => number; readonly confirmTtlMs?: number } = {}): CommandDispatcher {
  return new CommandDispatcher({ registry: createCommandRegistry(), services, ...options });
}
