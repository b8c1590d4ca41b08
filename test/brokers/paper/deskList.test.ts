import { DeskList } from '../../../src/brokers/paper/deskList';

describe('DeskList', () => {
  it('keeps what compact keeps, in order, and reports what it drops', () => {
    const l = new DeskList<number>();
    for (let k = 1; k <= 7; k++) l.push(k);
    const dropped: number[] = [];
    l.compact((x) => x % 2 === 1, (x) => dropped.push(x));
    expect(l.length).toBe(4);
    expect([0, 1, 2, 3].map((k) => l.at(k))).toEqual([1, 3, 5, 7]);
    expect(dropped).toEqual([2, 4, 6]);
    expect(l.find((x) => x > 4)).toBe(5);
    expect(l.find((x) => x > 7)).toBeUndefined();
  });

  it('empties and refills without showing a dropped item again', () => {
    const l = new DeskList<{ id: number }>();
    l.push({ id: 1 });
    l.push({ id: 2 });
    l.compact(() => false);
    expect(l.length).toBe(0);
    expect(l.find(() => true)).toBeUndefined();
    l.push({ id: 3 });
    expect(l.length).toBe(1);
    expect(l.at(0)).toEqual({ id: 3 });
    expect(l.find((x) => x.id === 2)).toBeUndefined();
  });
});
