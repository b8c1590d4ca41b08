import { periodCommand } from './lib/periodTable';

export const weeklyCommand = periodCommand('week', '/weekly 4');
