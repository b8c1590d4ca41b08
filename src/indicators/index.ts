/** Exact, allocation-free indicator kernels (batch + streaming) and the indicator registry. */
export * from './sma';
export * from './ema';
export * from './wma';
export * from './rsi';
export * from './atr';
export * from './bollinger';
export * from './macd';
export * from './stdev';
export * from './roc';
export * from './zscore';
export * from './rollingMinMax';
export * from './vwap';
export * from './exactTies';
export * from './gridEma';
export * from './registry';
