export * from './prng';
export * from './cholesky';
export * from './barClock';
export * from './syntheticOptions';
export * from './generateMarket';
export * from './exportCsv';
export * from './syntheticTickFeed';
