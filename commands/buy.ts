import { manualOrderCommand } from './lib/manualOrder';

export const buyCommand = manualOrderCommand('BUY');
