export * from './csvTypes';
export * from './csvHeader';
export * from './parseBarsCsv';
export * from './loadCsv';
export * from './writeCsv';
