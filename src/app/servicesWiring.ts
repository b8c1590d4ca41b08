/**
 * The service groups that need stores of their own, on the app's MongoDB: approvals (/pending, /approve,
 * /reject through the persisted ApprovalService, so Telegram cards update), the alert center (/alerts, /mute;
 * restored so a restart does not repeat alerts, and capturing the engine's `alert` events), the risk report
 * (/risk, and the risk-scan job), backtest results, operator settings and the mode switch (applied at the next
 * start). Each store that cannot open leaves its group out and says why in the banner. The settings, once open,
 * are bound to the running engine (approval policy per order, risk gate and OMS limits; `trading.bindSettings`),
 * and /risk shows the limits the gate applies now.
 */
import type { NseCalendar } from '../calendar/nseCalendar';
import type { BotMode, WiringConfig } from '../config/types';
import type { Clock } from '../core/clock';
import { AlertCenter } from '../risk/alerts/alertCenter';
import type { Logger } from '../log/logger';
import type { EngineServicesOptions } from '../services/engine/createServices';
import { storedRunMode } from '../services/engine/modeService';
import { openSettingsService } from '../services/engine/settingsService';
import type { MongoStore } from '../store/connection';
import { MongoAlertStore } from '../store/alerts/mongoAlertStore';
import { MongoBacktestRepository } from '../store/backtests/mongoBacktestRepository';
import { MongoSettingsRepository } from '../store/settings/mongoSettingsRepository';
import { nseSectorMap } from '../portfolio/sectors/sectorMap';
import type { Repositories } from './storeWiring';
import { DEFAULT_RISK_LIMITS } from '../risk/riskLimits';
import { currentLimitsView } from '../services/engine/tradingSettings';
import type { TradingEngine } from './tradingWiring';

export type ServiceStoreOptions = Pick<EngineServicesOptions, 'approvals' | 'alerts' | 'risk' | 'backtests' | 'settings' | 'modeSwitch'>;

export interface ServiceStores {
  readonly options: ServiceStoreOptions;
  readonly alerts: AlertCenter;
  /** Banner lines (what is off and why, a mode saved for the next start). */
  readonly lines: readonly string[];
  /** Stops capturing engine alerts and waits for the alert store. */
  close(): Promise<void>;
}

export interface ServiceStoresInput {
  readonly config: WiringConfig;
  /** The mode of this start (MODE): the settings' own approval policy, and the banner's note of a mode saved with /mode. */
  readonly mode: BotMode;
  readonly connection: MongoStore['connection'];
  readonly repos: Repositories;
  readonly trading: TradingEngine;
  readonly calendar: Pick<NseCalendar, 'isOpen'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whether a Kite session is valid now (MODE=live); without it /mode live asks for /login first. */
  readonly kiteSession?: () => boolean;
}

export async function openServiceStores(o: ServiceStoresInput): Promise<ServiceStores> {
  const { config, trading, clock } = o;
  const lines: string[] = [];
  const alerts = new AlertCenter({ store: await MongoAlertStore.open(o.connection), events: trading.events, clock });
  await alerts.restore();
  const stopCapture = alerts.captureSystemAlerts();

  const live = trading.liveEquity;
  const risk: NonNullable<ServiceStoreOptions['risk']> = {
    // The risk service keeps the object it is given: a view of the gate's limits follows every /settings change.
    limits: currentLimitsView(() => trading.risk.limits ?? DEFAULT_RISK_LIMITS),
    sectors: nseSectorMap(),
    equity: async () => {
      // MODE=live: Kite's equity margin (read now when it never was; NaN while Kite cannot say).
      if (live && live.value() === undefined) await live.refresh();
      return trading.equity();
    },
    // The day's start is the risk engine's (stored across restarts): /risk and the daily-loss limit use one figure.
    dayStart: (time) => trading.risk.dayStartAt(time),
    marketOpen: () => o.calendar.isOpen(clock.now()),
  };

  const settingsRepo = new MongoSettingsRepository(o.connection);
  const settings = await openSettingsService({
    repo: settingsRepo,
    clock,
    mode: o.mode,
    approval: config.approval,
    limits: config.risk,
    instanceIds: () => trading.instances.list().map((i) => i.id),
  });
  if (!settings.ok) lines.push(`Settings: off (${settings.error}); the configured approval policy and limits apply`);
  const unbind = settings.ok ? trading.bindSettings(settings.value) : () => undefined;
  const next = await storedRunMode(settingsRepo);
  if (next.ok && next.value !== undefined && next.value !== o.mode) lines.push(`Mode: ${next.value} was chosen with /mode; MODE=${o.mode} from the environment applies to this start`);

  return {
    options: {
      approvals: { desk: trading.approvals, repo: o.repos.approvals },
      alerts,
      risk,
      backtests: await MongoBacktestRepository.open(o.connection, o.logger),
      ...(settings.ok ? { settings: settings.value } : {}),
      modeSwitch: {
        repo: settingsRepo,
        live: { kiteCredentials: config.kite.apiKey !== undefined && config.kite.apiSecret !== undefined, encryptionKey: config.encryptionKey !== undefined, session: o.kiteSession ?? (() => false) },
      },
    },
    alerts,
    lines,
    async close() {
      unbind();
      stopCapture();
      await alerts.idle();
    },
  };
}
