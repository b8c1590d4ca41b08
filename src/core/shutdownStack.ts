/**
 * The shutdown stack: steps run in the reverse order of registration (last started, first stopped), each one
 * awaited; a failing step is logged and the next one still runs. `run()` is idempotent.
 */
export class ShutdownStack {
  private readonly steps: Array<{ readonly name: string; readonly step: () => Promise<void> | void }> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly onError: (name: string, e: unknown) => void,
    private readonly onStep: (name: string) => void = () => undefined,
  ) {}

  push(name: string, step: () => Promise<void> | void): void {
    this.steps.push({ name, step });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const s = this.steps.pop()!;
        this.onStep(s.name);
        try {
          await s.step();
        } catch (e) {
          this.onError(s.name, e);
        }
      }
    })();
    return this.running;
  }
}

/**
 * Waits for `work` at most `boundMs`; true when it finished in time. On time-out the work is left running (an
 * order call still in flight stays SUBMITTED in MongoDB and the next start reconciles it with the broker by tag).
 */
export async function settleWithin(work: () => Promise<void>, boundMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), boundMs);
  });
  try {
    return await Promise.race([work().then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
