/**
 * Strategy registry: the strategies known to a process (src/strategyLoader finds those of the `strategies/`
 * folder at start; tests and code register more). `list` and `describe` feed the chat commands; `validate`
 * turns user parameters (strings from chat or the CLI, or JSON) into checked values, or one message
 * naming each bad field and its bounds.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import type { Params, Strategy } from '../core/strategy';

export interface StrategySummary {
  readonly name: string;
  readonly summary: string;
  readonly universe: Strategy['universe'];
  readonly interval: Strategy['interval'];
}

export interface ParamInfo {
  readonly name: string;
  readonly type: string;
  readonly default?: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly unknown[];
  readonly description?: string;
}

export interface StrategyDescription extends StrategySummary {
  readonly params: readonly ParamInfo[];
}

const jsonSchemaProp = z
  .object({
    type: z.string().optional(),
    default: z.unknown().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    enum: z.array(z.unknown()).optional(),
    description: z.string().optional(),
  })
  .loose();
const jsonSchemaObject = z.object({ properties: z.record(z.string(), jsonSchemaProp).default({}) }).loose();

export class StrategyRegistry {
  private readonly byName = new Map<string, Strategy>();

  register(s: Strategy): Result<Strategy, string> {
    const existing = this.byName.get(s.name);
    if (existing && existing !== s) return err(`Two strategies are named ${s.name}; rename one.`);
    this.byName.set(s.name, s);
    return ok(s);
  }

  get(name: string): Result<Strategy, string> {
    const s = this.byName.get(name);
    if (s) return ok(s);
    return err(`Unknown strategy "${name}"; known: ${this.names().join(', ') || '(none)'}.`);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  list(): StrategySummary[] {
    return this.names().map((n) => summaryOf(this.byName.get(n)!));
  }

  describe(name: string): Result<StrategyDescription, string> {
    const s = this.get(name);
    if (!s.ok) return s;
    return ok({ ...summaryOf(s.value), params: paramInfo(s.value) });
  }

  /**
   * Checks parameters for a strategy. Strings (from chat or the CLI) are converted where the
   * schema expects a number or a boolean. Unknown names are errors, missing ones take defaults.
   */
  validate(name: string, raw: Readonly<Record<string, unknown>>): Result<Params, string> {
    const s = this.get(name);
    if (!s.ok) return s;
    const info = paramInfo(s.value);
    const known = new Map(info.map((p) => [p.name, p]));
    // Chat commands lower-case argument names (rocPeriod=10 arrives as rocperiod): a name matches in any case.
    const folded = new Map(info.map((p) => [p.name.toLowerCase(), p]));
    const problems: string[] = [];
    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const p = known.get(k) ?? folded.get(k.toLowerCase());
      if (!p) {
        problems.push(`unknown parameter "${k}" (known: ${info.map((i) => i.name).join(', ')})`);
        continue;
      }
      input[p.name] = coerce(v, p.type);
    }
    const r = s.value.params.safeParse(input);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = issue.path.map(String).join('.') || '(parameters)';
        const p = known.get(String(issue.path[0]));
        problems.push(`${field}: ${issue.message.replace(/^Invalid input: /, '')}${p ? ` (${bounds(p)})` : ''}`);
      }
    }
    if (problems.length > 0) return err(`Invalid parameters for ${name}: ${problems.join('; ')}.`);
    return ok(r.data as Params);
  }
}

function summaryOf(s: Strategy): StrategySummary {
  return { name: s.name, summary: s.summary, universe: s.universe, interval: s.interval };
}

/**
 * A strategy's parameters as described by its schema, made once per strategy: the schema is fixed, and its JSON-schema
 * form took ~75 µs, paid by every validation (each combination of a sweep, each /backtest).
 */
const paramInfoOf = new WeakMap<Strategy, readonly ParamInfo[]>();

function paramInfo(s: Strategy): readonly ParamInfo[] {
  let info = paramInfoOf.get(s);
  if (info === undefined) paramInfoOf.set(s, (info = describeParams(s)));
  return info;
}

function describeParams(s: Strategy): ParamInfo[] {
  const schema = jsonSchemaObject.parse(z.toJSONSchema(s.params, { io: 'input', unrepresentable: 'any' }));
  return Object.entries(schema.properties).map(([name, p]) => {
    const info: { -readonly [K in keyof ParamInfo]: ParamInfo[K] } = { name, type: p.type ?? (p.enum ? 'enum' : 'value') };
    if (p.default !== undefined) info.default = p.default;
    const min = p.minimum ?? p.exclusiveMinimum;
    const max = p.maximum ?? p.exclusiveMaximum;
    if (min !== undefined) info.min = min;
    if (max !== undefined) info.max = max;
    if (p.enum) info.choices = p.enum;
    if (p.description) info.description = p.description;
    return info;
  });
}

function bounds(p: ParamInfo): string {
  const parts: string[] = [p.type];
  if (p.choices) parts.push(`one of ${p.choices.map(String).join('|')}`);
  if (p.min !== undefined && p.max !== undefined) parts.push(`${p.min}..${p.max}`);
  else if (p.min !== undefined) parts.push(`≥ ${p.min}`);
  else if (p.max !== undefined) parts.push(`≤ ${p.max}`);
  if (p.default !== undefined) parts.push(`default ${JSON.stringify(p.default)}`);
  return parts.join(', ');
}

function coerce(v: unknown, type: string): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if ((type === 'number' || type === 'integer') && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return v;
}
