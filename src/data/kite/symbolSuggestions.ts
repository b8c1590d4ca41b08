/** "Did you mean …?" for instrument symbols: edit distance with a prefix bonus, best three. */

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment: TSC → TCS is
 * 1, as a typo is), giving up (returning max + 1) once it must exceed `max`.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/**
 * Up to `limit` symbols close to `query`: within an edit distance of max(1, ⌊len/4⌋ + 1), or starting with
 * the query (at least 3 letters). Ranked by distance, then by length difference, then alphabetically.
 */
export function suggestSymbols(query: string, candidates: Iterable<string>, limit = 3): string[] {
  const q = query.toUpperCase();
  const max = Math.max(1, Math.floor(q.length / 4) + 1);
  const scored: { s: string; score: number }[] = [];
  for (const s of candidates) {
    if (s === q) continue;
    const d = boundedEditDistance(q, s, max);
    const prefix = q.length >= 3 && s.startsWith(q);
    if (d > max && !prefix) continue;
    scored.push({ s, score: (prefix ? Math.min(d, max) : d) * 1000 + Math.abs(s.length - q.length) });
  }
  scored.sort((x, y) => x.score - y.score || (x.s < y.s ? -1 : x.s > y.s ? 1 : 0));
  return scored.slice(0, limit).map((x) => x.s);
}

/** "A", "A or B", "A, B or C". */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
