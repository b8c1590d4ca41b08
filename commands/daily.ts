import { periodCommand } from './lib/periodTable';

export const dailyCommand = periodCommand('day', '/daily 7');
