/**
 * Settings: approval policy per mode and per strategy instance, and risk limits (the configured values with
 * admin overrides), persisted in the settings repository. Reads are synchronous from memory (loaded once at
 * start); a change is validated against its zod bounds, written, then applied. The typed views
 * (`approvalPolicy`, `riskLimits`) are what the OMS and the risk gate wiring read: the order venue asks
 * `approvalPolicy` at each order, and `onLimitsChange` tells the risk gate and the OMS rate limiter of a new limit.
 * The limits' bounds are the risk gate's (RISK_PERCENT_BOUNDS, shared with the environment variables); a stored
 * value that no longer validates is ignored at start.
 */
import type { ApprovalPolicy as ConfigApprovalPolicy, RiskLimits } from '../../config/types';
import type { Clock } from '../../core/clock';
import { err, ok, type Result } from '../../core/result';
import { defaultPolicy, type ApprovalPolicy } from '../../oms/approvals';
import type { SettingsRepository } from '../../core/ports/settingsRepository';
import type { SettingView, SettingsService } from '../api/settings';
import type { RunMode } from '../api/status';
import { roleAllows, type User } from '../user';
import { APPROVAL_VALUES_HINT, DEFAULT_KEYBOARD, KEYBOARD_KEY, KEYBOARD_MAX, LIMIT_SETTINGS, STORE_KEYS, approvalPolicySchema, keyboardRows, keyboardSchema, limitSetting, parseApprovalPolicy, parseKeyboard, parseLimitValue, showApprovalPolicy } from './settingsCatalog';

export interface SettingsServiceOptions {
  readonly repo: SettingsRepository;
  readonly clock: Clock;
  /** The mode this process runs in: the configured approval policy is its default. */
  readonly mode: RunMode;
  readonly approval: { readonly policy: ConfigApprovalPolicy; readonly minValue: number };
  readonly limits: RiskLimits;
  /** Strategy instance ids that exist (per-instance approval keys must name one). */
  readonly instanceIds?: () => readonly string[];
}

export interface OperatorSettings extends SettingsService {
  /** The policy for an order of `instance` (its own override first, then the mode's). */
  approvalPolicy(mode: 'paper' | 'live', instance?: string): ApprovalPolicy;
  riskLimits(): RiskLimits;
  /** Called with the new limits after each limit change is stored; returns the unsubscribe function. */
  onLimitsChange(listener: (limits: RiskLimits) => void): () => void;
}

const TRADING_MODES = ['paper', 'live'] as const;

/** APPROVAL_POLICY / APPROVAL_MIN_VALUE → the OMS policy. */
export function configApprovalPolicy(c: SettingsServiceOptions['approval']): ApprovalPolicy {
  if (c.policy === 'never') return { kind: 'auto' };
  if (c.policy === 'above_value' && c.minValue > 0) return { kind: 'auto-below', maxValue: c.minValue };
  return { kind: 'always-ask' };
}

/** Loads the stored overrides (values that no longer validate are ignored) and returns the service. */
export async function openSettingsService(o: SettingsServiceOptions): Promise<Result<OperatorSettings, string>> {
  const stored = await o.repo.all();
  if (!stored.ok) return stored;
  const policies = new Map<string, ApprovalPolicy>();
  const limits: Record<string, number> = {};
  let keyboard: readonly string[] = DEFAULT_KEYBOARD;
  for (const [key, value] of Object.entries(stored.value)) {
    if (key.startsWith('approval.')) {
      const p = approvalPolicySchema.safeParse(value);
      if (p.success) policies.set(key.slice('approval.'.length), p.data);
    } else if (key === STORE_KEYS.keyboard) {
      const k = keyboardSchema.safeParse(value);
      if (k.success) keyboard = k.data;
    } else if (key.startsWith('limit.')) {
      const l = limitSetting(key.slice('limit.'.length));
      const v = l?.schema.safeParse(value);
      if (l && v?.success) limits[l.field] = v.data;
    }
  }
  return ok(settingsService(o, policies, limits, keyboard));
}

function settingsService(o: SettingsServiceOptions, policies: Map<string, ApprovalPolicy>, overrides: Record<string, number>, initialKeyboard: readonly string[]): OperatorSettings {
  let keyboard = initialKeyboard;
  const keyboardView = (): SettingView => ({ key: KEYBOARD_KEY, value: keyboard.join(','), description: `commands on the phone's reply keyboard (${keyboard === DEFAULT_KEYBOARD ? 'default' : 'set here'}); /start shows it` });
  const modeDefault = (m: 'paper' | 'live'): ApprovalPolicy => (m === o.mode ? configApprovalPolicy(o.approval) : defaultPolicy(m));
  const modePolicy = (m: 'paper' | 'live'): ApprovalPolicy => policies.get(m) ?? modeDefault(m);
  const riskLimits = (): RiskLimits => ({ ...o.limits, ...overrides });
  const limitListeners = new Set<(limits: RiskLimits) => void>();

  const approvalView = (scope: string): SettingView => {
    const isMode = (TRADING_MODES as readonly string[]).includes(scope);
    const p = isMode ? modePolicy(scope as 'paper' | 'live') : policies.get(scope)!;
    const origin = policies.has(scope) ? 'set here' : 'configured default';
    return { key: `approval.${scope}`, value: showApprovalPolicy(p), description: isMode ? `approval of ${scope} orders (${origin})` : `approval of orders from instance ${scope}` };
  };
  const limitView = (key: string): SettingView => {
    const l = limitSetting(key)!;
    const value = riskLimits()[l.field];
    return { key, value: String(value), description: `${l.description} (${l.field in overrides ? 'set here' : 'configured'})` };
  };

  const setApproval = async (scope: string, text: string, user: User): Promise<Result<SettingView, string>> => {
    const isMode = (TRADING_MODES as readonly string[]).includes(scope);
    if (!isMode && o.instanceIds && !o.instanceIds().includes(scope)) {
      return err(`There is no strategy instance ${scope}; use approval.paper, approval.live or approval.<id> with an id from /instances.`);
    }
    const p = parseApprovalPolicy(text);
    if (!p) return err(`approval.${scope} takes ${APPROVAL_VALUES_HINT}, not "${text}"; send it again with one of those.`);
    const w = await o.repo.set(STORE_KEYS.approval(scope), p, user.id, o.clock.now());
    if (!w.ok) return w;
    policies.set(scope, p);
    return ok(approvalView(scope));
  };

  return {
    approvalPolicy(mode, instance) {
      const own = instance !== undefined ? policies.get(instance) : undefined;
      // Paper and live share one settings store: an instance's policy set while paper trading must not loosen
      // live approvals, so in live the stricter of the instance's and the mode's policy applies.
      if (own === undefined) return modePolicy(mode);
      return mode === 'live' ? stricterPolicy(own, modePolicy('live')) : own;
    },
    riskLimits,
    onLimitsChange(listener) {
      limitListeners.add(listener);
      return () => void limitListeners.delete(listener);
    },
    get() {
      const instanceScopes = [...policies.keys()].filter((k) => !(TRADING_MODES as readonly string[]).includes(k)).sort();
      return [...TRADING_MODES.map(approvalView), ...instanceScopes.map(approvalView), ...LIMIT_SETTINGS.map((l) => limitView(l.key)), keyboardView()];
    },
    keyboard: () => keyboardRows(keyboard),
    async set(rawKey, text, user) {
      if (!roleAllows(user.role, 'admin')) return err('Only an admin can change settings; ask an admin to do it.');
      const key = rawKey.trim().toLowerCase();
      if (key.startsWith('approval.') && key.length > 'approval.'.length) return setApproval(key.slice('approval.'.length), text, user);
      if (key === KEYBOARD_KEY) {
        const k = parseKeyboard(text);
        if (!k) return err(`keyboard takes up to ${KEYBOARD_MAX} commands separated by commas, e.g. /status,/positions,/orders; not "${text}".`);
        const w = await o.repo.set(STORE_KEYS.keyboard, k, user.id, o.clock.now());
        if (!w.ok) return w;
        keyboard = k;
        return ok(keyboardView());
      }
      const l = limitSetting(key);
      if (!l) return err(`There is no setting ${key}; send /settings to see the keys you can change.`);
      const v = l.schema.safeParse(parseLimitValue(text));
      if (!v.success) return err(`${key} must be ${l.bounds}, not "${text}"; send it again with a value in range.`);
      const w = await o.repo.set(STORE_KEYS.limit(key), v.data, user.id, o.clock.now());
      if (!w.ok) return w;
      overrides[l.field] = v.data;
      const now = riskLimits();
      for (const listener of limitListeners) listener(now);
      return ok(limitView(key));
    },
  };
}

/** The stricter of two approval policies: always-ask, then auto-below the smaller value, then auto. */
export function stricterPolicy(a: ApprovalPolicy, b: ApprovalPolicy): ApprovalPolicy {
  const rank = (p: ApprovalPolicy): number => (p.kind === 'always-ask' ? Number.NEGATIVE_INFINITY : p.kind === 'auto-below' ? p.maxValue : Number.POSITIVE_INFINITY);
  return rank(a) <= rank(b) ? a : b;
}
