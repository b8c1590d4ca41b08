/** Matches a method and path against the route table (`:name` segments become path parameters). */
import type { RouteDef } from './route';

export interface CompiledRoute {
  readonly def: RouteDef;
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly def: RouteDef;
  readonly pathParams: Record<string, string>;
}

const split = (path: string): string[] => path.split('/').filter((s) => s.length > 0);

export const compileRoutes = (defs: readonly RouteDef[]): CompiledRoute[] => defs.map((def) => ({ def, segments: split(def.path) }));

export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch | null {
  const parts = split(path);
  for (const r of routes) {
    if (r.def.method !== method || r.segments.length !== parts.length) continue;
    const pathParams: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = r.segments[i]!;
      const part = parts[i]!;
      if (seg.startsWith(':')) pathParams[seg.slice(1)] = decodeURIComponent(part);
      else ok = seg === part;
    }
    if (ok) return { def: r.def, pathParams };
  }
  return null;
}
