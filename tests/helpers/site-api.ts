import { v7 as uuidv7 } from 'uuid';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApi, type ApiOptions } from '../../src/server/api/api-router.ts';
import { createAppServer } from '../../src/server/app-server.ts';
import type { Stores } from '../../src/server/store/stores.ts';
import type { Sql } from '../../src/server/store/sql.ts';
import type { StoreKind } from '../../harness/stores.ts';
import { signProof, unlockSigningKey } from '../../src/shared/kiosk/credential.ts';
import { personFromWire, type RosterDelta } from '../../src/shared/roster/roster.ts';
import type { AttemptRecord, CompletionRecord, DeviceRecord, PinRecord, SignoffRecord } from '../../src/shared/sync/records.ts';
import type { CatalogEntry } from '../../src/shared/module.ts';
import { proofPayload, syncRequest, type SyncResponse } from '../../src/shared/sync/wire.ts';
import { publishedCourse, publishedVersion } from '../../harness/published-course.ts';

export interface Kiosk { deviceId: string; token: string }

/**
 * The admin API and a kiosk's calls against a real server, as the
 * integration tests use them: every request over HTTP, records signed the
 * way the kiosk signs them.
 */
export function siteApi(base: () => string, adminToken: string, clock: () => number) {
  let seq = 1;
  async function api(method: string, path: string, body?: unknown, token = adminToken): Promise<Response> {
    return fetch(`${base()}${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
  const enrollRequest = (code: string, deviceId: string) =>
    fetch(`${base()}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceId }) });
  const newCode = async (site: string, extra: Record<string, unknown> = {}) =>
    (await json<{ code: string }>(api('POST', `/api/v1/admin/sites/${site}/enrollment-codes`, { label: `kiosk at ${site}`, ...extra }))).code;

  async function enrollKiosk(site: string): Promise<Kiosk> {
    const deviceId = `dev-${crypto.randomUUID()}`;
    const res = await enrollRequest((await newCode(site)).toLowerCase(), deviceId);
    expect(res.status).toBe(200);
    const answer = await json<{ credential: string; site: { id: string } }>(res);
    expect(answer.site.id).toBe(site);
    return { deviceId, token: answer.credential };
  }

  const roster = (token: string, since?: string) => json<RosterDelta>(api('GET', `/api/v1/roster${since ? `?since=${encodeURIComponent(since)}` : ''}`, undefined, token));
  async function sync(kiosk: Kiosk, records: DeviceRecord[], report?: { queued: number; pending: [string, string][] }) {
    const res = await api('POST', '/api/v1/sync', syncRequest(kiosk.deviceId, records, report), kiosk.token);
    return { status: res.status, body: await json<SyncResponse & { error?: string; code?: string }>(res) };
  }

  const stamp = (deviceId: string) => ({ id: uuidv7(), deviceId, seq: seq++, at: clock() - 60_000 });
  /** A sign-off with a placeholder proof: what a script holding only the kiosk's credential can make. */
  const unsignedSignoff = (deviceId: string, supervisorId: string, attendees: string[], date = '2026-11-24'): SignoffRecord => ({
    ...stamp(deviceId), kind: 'signoff', supervisorId, sessionType: 'toolbox-talk', date, topic: 'Forklift lanes',
    attendees: attendees.map((personId, i) => ({ personId, outcome: i === 0 ? 'competent' : 'attended', note: i === 0 ? 'Drove the course twice' : '' })), proof: 'x'.repeat(43),
  });

  /** Signs as the kiosk does: with the key the passphrase unlocks from the credential the roster carried. */
  async function sign<R extends SignoffRecord | PinRecord>(record: R, kiosk: Kiosk, passphrase: string): Promise<R> {
    const credential = (await roster(kiosk.token)).people.map(personFromWire).find((p) => p.person.id === record.supervisorId)?.person.passphrase;
    const key = credential ? await unlockSigningKey(passphrase, credential) : null;
    if (!key) throw new Error(`the roster gives no signing key for ${record.supervisorId} with that passphrase`);
    return { ...record, proof: await signProof(key, proofPayload(record)) };
  }

  /**
   * A learner's passed attempt and the completion that cites it, for a module
   * version really published: an entry of a catalog, or a module id of the
   * fixture course (English unless `lang` says), which the server useApiServer
   * starts checks records against.
   */
  function passed(kiosk: Pick<Kiosk, 'deviceId'>, learnerId: string, module: Pick<CatalogEntry, 'id' | 'lang' | 'hash'> | string, lang = 'en'): [AttemptRecord, CompletionRecord] {
    const version = typeof module === 'string' ? publishedVersion(module, lang) : { moduleId: module.id, lang: module.lang, moduleHash: module.hash };
    const common = { deviceId: kiosk.deviceId, learnerId, ...version };
    const attempt: AttemptRecord = { ...stamp(kiosk.deviceId), ...common, kind: 'attempt', answers: [[0]], correct: 1, total: 1, score: 100, passed: true };
    return [attempt, { ...stamp(kiosk.deviceId), ...common, kind: 'completion', attemptId: attempt.id, score: 100 }];
  }

  return { api, json, enrollRequest, newCode, enrollKiosk, roster, sync, stamp, passed, unsignedSignoff, sign };
}

type ConsoleAccount = readonly [who: string, role: string, sites?: readonly string[]];

/**
 * Console accounts made through the admin API and signed in, as the console
 * tests need them: `as(who, method, path, body)` calls the console API with
 * that account's session and the page's Origin; `cookies` holds the sessions.
 */
export async function consoleAccounts(base: string, api: ReturnType<typeof siteApi>['api'], accounts: readonly ConsoleAccount[], password = 'a long enough password') {
  const cookies: Record<string, string> = {};
  for (const [who, role, sites] of accounts) {
    await api('POST', '/api/v1/admin/console-users', { email: `${who}@plant.example`, name: who, role, password, ...(sites ? { sites } : {}) });
    cookies[who] = (await fetch(`${base}/api/v1/console/session`, {
      method: 'POST', headers: { Origin: base, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `${who}@plant.example`, password }),
    })).headers.get('set-cookie')!.split(';')[0]!;
  }
  const as = (who: string, method: string, path: string, body?: unknown) => fetch(`${base}/api/v1/console${path}`, {
    method, headers: { Cookie: cookies[who]!, Origin: base, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { as, cookies };
}

/** The same helpers for server instances on these ports (their own processes): `on(i)` aims them at instance i. */
export function instancesApi(ports: readonly number[], adminToken: string) {
  let target = '';
  const bases = ports.map((p) => `http://127.0.0.1:${p}`);
  const api = siteApi(() => target, adminToken, Date.now);
  return { bases, api, on: (i: number) => { target = bases[i]!; return api; } };
}

/** The API's options as tests give them: without a content folder, the fixture course published once (harness/published-course.ts). */
type TestApiOptions = Omit<ApiOptions, 'contentDir'> & { contentDir?: string };

/** The real server with the API over `stores`, on a free loopback port; records are checked against published content, as in production. */
export async function serveApi(options: TestApiOptions): Promise<{ base: string; close(): Promise<void> }> {
  const contentDir = options.contentDir ?? (await publishedCourse()).contentDir;
  const server = createAppServer({ distDir: '/nonexistent', contentDir, api: createApi({ ...options, contentDir }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fresh stores of one kind and a server over them for a whole test file; read the fields inside hooks and tests. */
export function useApiServer(kind: StoreKind, options: Omit<TestApiOptions, 'stores'>): { readonly stores: Stores; readonly base: string; readonly db: Sql } {
  const env = {} as { stores: Stores; base: string; db: Sql; close(): Promise<void>; dispose(): Promise<void> };
  beforeAll(async () => {
    if (!kind.available) return;
    const opened = await kind.open();
    env.stores = opened.stores;
    env.db = opened.db;
    env.dispose = opened.dispose;
    Object.assign(env, await serveApi({ ...options, stores: env.stores }));
  });
  afterAll(async () => {
    if (!kind.available) return;
    await env.close();
    await env.stores.close();
    await env.dispose();
  });
  return env;
}
