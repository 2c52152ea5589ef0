import type { StoreSet } from '../store/stores.ts';
import type { ForwardTarget } from './forwarder.ts';
import type { LrsEndpoint } from './lrs-endpoint.ts';

/**
 * The LRS to forward to, asked before every batch: the environment's
 * (LRS_ENDPOINT and the rest, with PUBLIC_URL) when set, else the one an
 * admin set in the console, else none.
 */
export function forwardTarget(fromEnvironment: { lrs: LrsEndpoint | null; publicUrl: string | null }, stores: Pick<StoreSet, 'xapi'>): () => Promise<ForwardTarget | null> {
  return async () => {
    if (fromEnvironment.lrs) return { lrs: fromEnvironment.lrs, homePage: fromEnvironment.publicUrl! };
    const set = await stores.xapi.lrsSettings();
    return set && { lrs: { endpoint: set.endpoint, key: set.key, secret: set.secret }, homePage: set.homePage };
  };
}
