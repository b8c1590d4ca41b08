/** URL fields of the configuration (zod schemas), apart from the fields that need the config's types. */
import { z } from 'zod';

export const httpUrl = () => z.url({ protocol: /^https?$/ });
export const wsUrl = () => z.url({ protocol: /^wss?$/ });
export const mongoUri = () => z.string().regex(/^mongodb(\+srv)?:\/\/[^/?#]+/);
