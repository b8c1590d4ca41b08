/** The README's command table against the registry: every registered command is listed with its role. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommandRegistry } from '../../commands';

describe('README', () => {
  test('the command table lists every registered command with its role', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const c of createCommandRegistry().all()) expect(readme).toContain(`| \`/${c.name}\` | ${c.role} |`);
  });
});
