import { manualOrderCommand } from './lib/manualOrder';

export const sellCommand = manualOrderCommand('SELL');
