export * from './render';
export * from './downsample';
export * from './equityDrawdownChart';
export * from './candlestickChart';
