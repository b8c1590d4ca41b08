import { z } from 'zod';
import { defineCommand } from './lib/command';
import { istTime, notAvailable } from './lib/format';

export const versionCommand = defineCommand({
  name: 'version',
  summary: 'The AutoPPM version, Node.js version, mode and commit',
  usage: '/version',
  example: '/version',
  role: 'viewer',
  args: z.object({}),
  async run(_args, services) {
    if (!services.operator) return notAvailable('operator');
    const v = services.operator.version();
    return {
      kind: 'text',
      text: [`AutoPPM ${v.version}`, `Node.js ${v.node}`, `Mode: ${v.mode}`, `Commit: ${v.commit ?? 'unknown (set AUTOPPM_COMMIT when building)'}`, `Running since ${istTime(v.startedAt)} IST`].join('\n'),
    };
  },
});
