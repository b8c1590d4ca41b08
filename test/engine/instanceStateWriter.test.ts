/**
 * The write-ahead of instances' private state (src/engine/instanceStateWriter.ts): after a step, only the instances
 * whose state changed since their last write are written; a fill writes its instance; a failed write is reported and
 * tried again with the next step.
 */
import { strategyInstanceId, type StrategyInstanceId } from '../../src/core/ids';
import { InstanceStateWriter } from '../../src/engine/instanceStateWriter';

describe('InstanceStateWriter', () => {
  const a = strategyInstanceId('a');
  const b = strategyInstanceId('b');

  function setup() {
    const state = new Map<StrategyInstanceId, { bars: number }>([
      [a, { bars: 0 }],
      [b, { bars: 0 }],
    ]);
    const saved: string[] = [];
    const errors: unknown[] = [];
    let failing = false;
    const writer = new InstanceStateWriter({
      ids: () => state.keys(),
      stateText: (id) => (state.has(id) ? JSON.stringify(state.get(id)) : undefined),
      save: async (id) => {
        if (failing) throw new Error('MongoDB down');
        saved.push(`${id}:${state.get(id)!.bars}`);
      },
      onError: (e) => errors.push(e),
    });
    for (const id of state.keys()) writer.noteWritten(id, JSON.stringify(state.get(id)));
    return { state, saved, errors, writer, fail: (f: boolean) => (failing = f) };
  }

  test('a step writes only the instances whose state changed; an unchanged step writes nothing', async () => {
    const s = setup();
    s.writer.afterStep();
    await s.writer.idle();
    expect(s.saved).toEqual([]);
    s.state.get(a)!.bars = 1;
    s.writer.afterStep();
    await s.writer.idle();
    expect(s.saved).toEqual(['a:1']);
    // several steps before the write runs: one write with the latest state
    s.state.get(a)!.bars = 2;
    s.writer.afterStep();
    s.state.get(a)!.bars = 3;
    s.state.get(b)!.bars = 1;
    s.writer.afterStep();
    await s.writer.idle();
    expect(s.saved).toEqual(['a:1', 'a:3', 'b:1']);
  });

  test('a fill writes its instance even when its state is unchanged', async () => {
    const s = setup();
    s.writer.handleFill(b);
    await s.writer.idle();
    expect(s.saved).toEqual(['b:0']);
  });

  test('a failed write is reported and tried again with the next step', async () => {
    const s = setup();
    s.state.get(a)!.bars = 5;
    s.fail(true);
    s.writer.afterStep();
    await s.writer.idle();
    expect(s.saved).toEqual([]);
    expect(s.errors).toHaveLength(1);
    s.fail(false);
    s.writer.afterStep();
    await s.writer.idle();
    expect(s.saved).toEqual(['a:5']);
  });
});
