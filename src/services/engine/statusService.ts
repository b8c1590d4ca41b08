/** /status: one picture assembled from the other services and the calendar. */
import type { Clock } from '../../core/clock';
import type { NseCalendar } from '../../calendar/nseCalendar';
import type { ApprovalsService } from '../api/approvals';
import type { InstancesService } from '../api/instances';
import type { OrdersService } from '../api/orders';
import type { RunMode, StatusService, SystemStatus } from '../api/status';
import type { TradingService } from '../api/trading';

export interface StatusServiceOptions {
  readonly mode: () => RunMode;
  readonly clock: Clock;
  readonly calendar: Pick<NseCalendar, 'isOpen' | 'isTradingDay' | 'holidayName'>;
  readonly trading: TradingService;
  readonly instances?: InstancesService;
  readonly orders?: OrdersService;
  readonly approvals?: ApprovalsService;
  /** Kite session state, when a Kite session exists in this build. */
  readonly brokerSession?: () => { readonly loggedIn: boolean; readonly expiresAt?: number };
  /** Time of the newest bar or tick seen. */
  readonly dataAsOf?: () => number | undefined;
  readonly dataSource?: () => string | undefined;
}

function market(cal: StatusServiceOptions['calendar'], t: number): SystemStatus['market'] {
  if (cal.isOpen(t)) return { open: true, detail: 'NSE session in progress' };
  if (!cal.isTradingDay(t)) {
    const holiday = cal.holidayName(t);
    return { open: false, detail: holiday ? `holiday: ${holiday}` : 'weekend' };
  }
  return { open: false, detail: 'outside session hours' };
}

export function statusService(o: StatusServiceOptions): StatusService {
  return {
    async status() {
      const now = o.clock.now();
      const list = o.instances?.list() ?? [];
      const [open, pending] = await Promise.all([o.orders?.list('open') ?? Promise.resolve([]), o.approvals?.pending() ?? Promise.resolve([])]);
      const dataAsOf = o.dataAsOf?.();
      const dataSource = o.dataSource?.();
      return {
        mode: o.mode(),
        tradingState: o.trading.state(),
        ...(o.brokerSession ? { brokerSession: o.brokerSession() } : {}),
        market: market(o.calendar, now),
        ...(dataAsOf !== undefined ? { dataAsOf } : {}),
        ...(dataSource !== undefined ? { dataSource } : {}),
        instances: {
          running: list.filter((i) => i.status === 'running').length,
          paused: list.filter((i) => i.status === 'paused').length,
          total: list.length,
        },
        openOrders: open.filter((x) => x.status !== 'PENDING_APPROVAL').length,
        pendingApprovals: pending.length,
        time: now,
      };
    },
  };
}
