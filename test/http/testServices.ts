/** Small in-process service groups for the REST API tests (plain data, recording what was asked). */
import { err, ok } from '../../src/core/result';
import { approvalId } from '../../src/core/ids';
import type { ApprovalDecisionRequest, ApprovalOutcome, ApprovalsService, InstancesService, InstanceView, OrdersService, OrderView, PendingApproval, RiskService, Services, StatusService, StrategiesService, User } from '../../src/services';

export class TestServices {
  readonly calls: string[] = [];
  readonly pending: PendingApproval[] = [
    { id: 'ap-1', symbol: 'NSE:INFY', side: 'BUY', quantity: 10, orderType: 'LIMIT', price: 1500.05, value: 15000.5, source: 'sma-cross#1', reason: 'cross up', createdAt: 1 },
  ];
  readonly instances: InstanceView[] = [];

  private decided(id: string, status: string, user: User): ApprovalOutcome {
    return { id, status, by: user.id, sentence: `${status.toLowerCase()} by ${user.id}`, approval: { id: approvalId(id), status: status === 'APPROVED' ? 'APPROVED' : 'REJECTED', lines: [], createdAt: 0, expiresAt: 0, version: 1 }, placedNothing: false };
  }

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
      decide: async (req: ApprovalDecisionRequest, user: User) => {
        const kind = req.choice.kind;
        this.calls.push(kind === 'reject' ? `reject ${req.id} by ${user.id}` : `${kind} ${req.id} by ${user.id}/${user.role}`);
        if (kind === 'reject') return ok(this.decided(req.id, 'REJECTED', user));
        return this.pending.some((p) => p.id === req.id) ? ok(this.decided(req.id, 'APPROVED', user)) : err(`There is no pending approval ${req.id}; see /pending.`);
      },
      card: async () => undefined,
      lineOrders: () => [],
    };
    return { status, strategies, instances, orders, risk, approvals };
  }
}
