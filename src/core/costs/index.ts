export * from './types';
export * from './zerodhaSchedule';
export * from './zerodhaEquity';
export * from './zerodhaNote';
export * from './chargeBook';
export * from './simpleModels';
export * from './costModelSpec';
export { istDateOfInstant } from './istDay';
