/** Small in-process service groups for the REST API tests (plain data, recording what was asked). */
import { err, ok } from '../../src/core/result';
import type { ApprovalsService, InstancesService, InstanceView, OrdersService, OrderView, PendingApproval, RiskService, Services, StatusService, StrategiesService, User } from '../../src/services';

export class TestServices {
  readonly calls: string[] = [];
  readonly pending: PendingApproval[] = [
    { id: 'ap-1', symbol: 'NSE:INFY', side: 'BUY', quantity: 10, orderType: 'LIMIT', price: 1500.05, value: 15000.5, source: 'sma-cross#1', reason: 'cross up', createdAt: 1 },
  ];
  readonly instances: InstanceView[] = [];

  services(): Services {
    const status: StatusService = {
      status: async () => ({ mode: 'paper', tradingState: 'ACTIVE', market: { open: true, detail: 'open' }, instances: { running: this.instances.length, paused: 0, total: this.instances.length }, openOrders: 1, pendingApprovals: this.pending.length, time: 1000 }),
    };
    const strategies: StrategiesService = {
      list: () => [{ name: 'sma-cross', summary: 'SMA crossover', warmup: 20 } as never],
      describe: (name) => (name === 'sma-cross' ? ok({ name, summary: 'SMA crossover' } as never) : err(`There is no strategy called ${name}; see /strategies.`)),
    };
    const instances: InstancesService = {
      defaultShare: 0.1,
      start: async (req) => {
        this.calls.push(`start ${req.strategy} ${req.symbols.join(',')} ${JSON.stringify(req.params)} ${JSON.stringify(req.capital ?? null)}`);
        const v: InstanceView = { id: `i-${this.instances.length + 1}`, sizing: req.sizing ?? 'signal weight × the instance’s equity, whole shares', strategy: req.strategy, symbols: req.symbols, status: 'running', capitalShare: 0.1, capital: 100000 };
        this.instances.push(v);
        return ok(v);
      },
      stop: async (id) => {
        const v = this.instances.find((i) => i.id === id);
        return v ? ok({ ...v, status: 'stopped' }) : err(`There is no instance ${id}; see /instances.`);
      },
      stopAll: async () => ok([]),
      pause: async () => err('no'),
      resume: async () => err('no'),
      list: () => this.instances,
    };
    const order: OrderView = { id: 'o-1', symbol: 'NSE:INFY', side: 'BUY', quantity: 10, filledQuantity: 0, orderType: 'LIMIT', product: 'CNC', price: 1500.05, status: 'OPEN', source: 's', reason: 'r', updatedAt: 5 };
    const orders: OrdersService = {
      list: async (filter) => (this.calls.push(`orders ${filter}`), [order]),
      get: async (id) => (id === 'o-1' ? ok(order) : err(`There is no order ${id}; see /orders.`)),
    };
    const risk: RiskService = { report: async () => ok({ equity: 1e6, grossExposure: 0, netExposure: 0, beta: Number.NaN, var: [], limits: [] }) };
    const approvals: ApprovalsService = {
      pending: async () => this.pending,
      approve: async (id: string, user: User) => {
        this.calls.push(`approve ${id} by ${user.id}/${user.role}`);
        return this.pending.some((p) => p.id === id) ? ok({ id, status: 'APPROVED', by: user.id }) : err(`There is no pending approval ${id}; see /pending.`);
      },
      reject: async (id: string, user: User) => (this.calls.push(`reject ${id} by ${user.id}`), ok({ id, status: 'REJECTED', by: user.id })),
      modify: async () => err('no'),
    };
    return { status, strategies, instances, orders, risk, approvals };
  }
}
