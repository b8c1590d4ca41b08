/**
 * Indicator registry: name → descriptor, so a strategy can ask for any indicator by name.
 * Our exact kernels (source 'builtin') come first; everything else that `technicalindicators` has
 * as a per-bar series is served through its adapter (source 'technicalindicators').
 * Names are lower-case; lookup is case-insensitive.
 */
import { err, ok } from '../core/result';
import type { Result } from '../core/result';
import { builtinDescriptors } from './builtinDescriptors';
import type { IndicatorDescriptor } from './descriptor';
import { technicalIndicatorsDescriptors } from './technicalindicatorsAdapter';

export type { BarPoint, IndicatorDescriptor, IndicatorStream, InputKind, ParamSpec, ParamValues, SeriesInput } from './descriptor';
export { resolveParams } from './descriptor';

function build(): ReadonlyMap<string, IndicatorDescriptor> {
  const m = new Map<string, IndicatorDescriptor>();
  for (const d of [...builtinDescriptors, ...technicalIndicatorsDescriptors]) {
    if (m.has(d.name)) throw new Error(`indicator registry: duplicate name ${d.name}`);
    m.set(d.name, d);
  }
  return m;
}

export const indicatorRegistry: ReadonlyMap<string, IndicatorDescriptor> = build();

/** Every registered name, sorted. */
export function indicatorNames(): string[] {
  return [...indicatorRegistry.keys()].sort();
}

/** The descriptor for `name`, or an error sentence a person can act on. */
export function getIndicator(name: string): Result<IndicatorDescriptor, string> {
  const d = indicatorRegistry.get(name.trim().toLowerCase());
  if (d) return ok(d);
  return err(`unknown indicator "${name}"; choose one of: ${indicatorNames().join(', ')}.`);
}
