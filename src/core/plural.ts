/** "1 order", "2 orders": a count with its noun in the right number (regular plurals only). */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
