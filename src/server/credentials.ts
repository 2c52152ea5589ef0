import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Credentials {
  deviceTokens: string[];
  adminToken: string;
  /** Where each came from, for the start-up message. */
  sources: { device: string; admin: string };
}

/** A token kept in the data directory, made on first use, readable by the owner only. */
function tokenFile(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * DEVICE_TOKENS (comma-separated) and ADMIN_TOKEN from the environment; when
 * unset, tokens generated once into the data directory, so `npm start` works
 * on a fresh machine and keeps working across restarts.
 */
export function loadCredentials(env: NodeJS.ProcessEnv, dataDir: string): Credentials {
  const fromEnv = env.DEVICE_TOKENS?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
  const deviceTokens = fromEnv.length ? fromEnv : [tokenFile(dataDir, 'device-token')];
  const adminToken = env.ADMIN_TOKEN?.trim() || tokenFile(dataDir, 'admin-token');
  return {
    deviceTokens,
    adminToken,
    sources: {
      device: fromEnv.length ? 'DEVICE_TOKENS' : join(dataDir, 'device-token'),
      admin: env.ADMIN_TOKEN?.trim() ? 'ADMIN_TOKEN' : join(dataDir, 'admin-token'),
    },
  };
}
