export * from './conventions';
export * from './stats';
export * from './quantile';
export * from './returns';
export * from './drawdown';
export * from './tradeStats';
export * from './benchmark';
export * from './metrics';
