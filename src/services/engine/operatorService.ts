/** /version, /health and /logs over what the composition root knows (the health registry, the log ring). */
import type { OperatorService, HealthView, LogView, VersionView } from '../api/operator';

export interface OperatorServiceOptions {
  readonly version: VersionView;
  /** The checks HTTP /health runs (HealthRegistry.run). */
  readonly health: () => Promise<HealthView>;
  /** The log ring fed by the logger (absent: this process keeps no log lines). */
  readonly logs?: { recent(n: number): readonly LogView[] };
}

export function operatorService(o: OperatorServiceOptions): OperatorService {
  return {
    version: () => o.version,
    health: () => o.health(),
    logs: (n) => o.logs?.recent(n),
  };
}
