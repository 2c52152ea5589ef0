import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * ADMIN_TOKEN from the environment; when unset, a token generated once into
 * the data directory (readable by its owner only), so `npm start` works on a
 * fresh machine and the admin CLI finds the same token.
 */
export function loadAdminToken(env: NodeJS.ProcessEnv, dataDir: string): { token: string; source: string } {
  if (env.ADMIN_TOKEN?.trim()) return { token: env.ADMIN_TOKEN.trim(), source: 'ADMIN_TOKEN' };
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { token: readFileSync(file, 'utf8').trim(), source: file };
}
