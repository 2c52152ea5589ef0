import type { StoreSet } from '../store/stores.ts';
import type { ForwardTarget } from './forwarder.ts';
import type { LrsEndpoint } from './lrs-endpoint.ts';

/** What the server's environment says: LRS_ENDPOINT and the rest (null when unset), and PUBLIC_URL. */
export interface FromEnvironment {
  lrs: LrsEndpoint | null;
  publicUrl: string | null;
}

/**
 * The address xAPI statements name people and activities under, the one
 * answer the export and the forwarder both use, so a statement is the same
 * statement wherever it is said: PUBLIC_URL when the environment sets the
 * LRS (it must then be set); else the address fixed when an admin first set
 * the LRS in the console; else PUBLIC_URL, or the address a request came to.
 */
export async function statementsHome(env: FromEnvironment, stores: Pick<StoreSet, 'xapi'>, requestOrigin: string): Promise<string> {
  if (env.lrs) return env.publicUrl ?? requestOrigin;
  return (await stores.xapi.lrsSettings())?.homePage ?? env.publicUrl ?? requestOrigin;
}

/**
 * The LRS to forward to, asked before every batch: the environment's
 * (LRS_ENDPOINT and the rest, with PUBLIC_URL) when set, else the one an
 * admin set in the console, else none.
 */
export function forwardTarget(env: FromEnvironment, stores: Pick<StoreSet, 'xapi'>): () => Promise<ForwardTarget | null> {
  return async () => {
    if (env.lrs) return { lrs: env.lrs, homePage: env.publicUrl! };
    const set = await stores.xapi.lrsSettings();
    return set && { lrs: { endpoint: set.endpoint, key: set.key, secret: set.secret }, homePage: set.homePage };
  };
}
