/**
 * The bench's collection pauses (bench/gcPauses.ts): a collection is billed to the timed run it started in, and Node's
 * 'gc' entries, queued for a later turn of the event loop, are all read (a run that made garbage shows collections).
 */
import { GcPauses } from '../../bench/gcPauses';

test('collections are billed to the run that made the garbage, none to a run that made none', async () => {
  const gc = new GcPauses();
  let kept: { i: number }[] = [];
  gc.timed(() => {
    for (let i = 0; i < 2_000_000; i++) {
      kept.push({ i });
      if (kept.length > 1000) kept = [];
    }
  });
  gc.timed(() => undefined);
  const [busy, idle] = await gc.perRun();
  expect(busy!.count).toBeGreaterThan(0);
  expect(busy!.ms).toBeGreaterThan(0);
  expect(idle).toEqual({ ms: 0, count: 0 });
});
