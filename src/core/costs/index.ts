export * from './types';
export * from './zerodhaSchedule';
export * from './zerodhaEquity';
export * from './simpleModels';
export * from './costModelSpec';
export { istDateOfInstant } from './istDay';
