import { periodCommand } from './lib/periodTable';

export const monthlyCommand = periodCommand('month', '/monthly 3');
