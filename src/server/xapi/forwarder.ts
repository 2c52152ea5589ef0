import type { StoreSet } from '../store/stores.ts';
import type { OutboxRow } from '../store/xapi-outbox-store.ts';
import { XAPI_VERSION, type Statement } from './statement.ts';
import { onceEach, statementsOfBody, type VersionLookup } from './statement-feed.ts';
import type { StatementSetting } from './statements-of.ts';
import type { LrsEndpoint } from './lrs-endpoint.ts';

/** An LRS and the address this server's statements are said under (their actors' homePage). */
export interface ForwardTarget {
  lrs: LrsEndpoint;
  homePage: string;
}

export interface ForwarderOptions {
  stores: Pick<StoreSet, 'records' | 'credentials' | 'xapi'>;
  /** Where to send, read again before every batch (the console may change it): null, nothing to do. */
  target: () => Promise<ForwardTarget | null>;
  versionOf: VersionLookup;
  /** This process's name in the outbox's leases: unique per running instance. */
  claimer: string;
  now?: () => number;
  /** Records a batch; the statements they say may be several times as many. */
  batch?: number;
  /** How long a claim holds before another instance may take the rows (a crashed forwarder's rows come back). */
  leaseMs?: number;
  /** How long to wait for the LRS's answer. */
  timeoutMs?: number;
}

/** Backoff while the LRS is down or refuses everyone: 2 s doubling to 5 min. */
const FIRST_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 300_000;
/** With nothing to send, how soon to look again: a record stored now reaches the LRS within about this. */
const IDLE_MS = 1_000;

/** What one POST of statements came to. */
type Answer =
  | { kind: 'taken' }
  /** This batch holds something the LRS will never take as it is (400, 409, 413): split it down to the record. */
  | { kind: 'not-as-is'; state: 'conflict' | 'refused'; reason: string }
  /** Nothing will get through until someone acts or the LRS is back: retry everything later. */
  | { kind: 'later'; reason: string };

/**
 * Forwards the outbox to the LRS until stopped: claims a batch of records,
 * says them as statements, posts them in one request. 200/204: done. A 409
 * (a different statement already under one of these ids) or a 400 is
 * narrowed down by halving the batch, so only the one record is kept aside
 * with the LRS's reason and the rest goes through; any other answer, or none,
 * puts the whole batch back with a growing wait, and says why.
 */
export function startForwarding(options: ForwarderOptions): { stop(): Promise<void> } {
  const now = options.now ?? Date.now;
  const batch = options.batch ?? 50;
  const leaseMs = options.leaseMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { stores, claimer } = options;
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => { clearTimeout(timer); resolve(); };
  });

  async function post(target: ForwardTarget, statements: Statement[]): Promise<Answer> {
    const statementsUrl = `${target.lrs.endpoint.replace(/\/+$/, '')}/statements`;
    const authorization = `Basic ${Buffer.from(`${target.lrs.key}:${target.lrs.secret}`).toString('base64')}`;
    let res: Response;
    try {
      res = await fetch(statementsUrl, {
        method: 'POST', body: JSON.stringify(statements), signal: AbortSignal.timeout(timeoutMs),
        headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': XAPI_VERSION, Authorization: authorization },
      });
    } catch (err) {
      return { kind: 'later', reason: `the LRS at ${statementsUrl} did not answer: ${(err as Error).message}` };
    }
    const text = (await res.text().catch(() => '')).slice(0, 2000);
    if (res.status === 200 || res.status === 204) return { kind: 'taken' };
    const said = reasonIn(text);
    if (res.status === 409) return { kind: 'not-as-is', state: 'conflict', reason: `the LRS holds a different statement under the same id (409)${said}` };
    if (res.status === 400 || res.status === 413) return { kind: 'not-as-is', state: 'refused', reason: `the LRS refused it (${res.status})${said}` };
    return { kind: 'later', reason: `the LRS answered ${res.status}${said}` };
  }

  /** Sends these rows' statements; narrows a batch the LRS will not take as it is down to the record. */
  async function send(target: ForwardTarget, rows: { row: OutboxRow; statements: Statement[] }[]): Promise<'ok' | 'later'> {
    const statements = rows.flatMap((r) => r.statements);
    const answer = statements.length ? await post(target, statements) : { kind: 'taken' as const };
    if (answer.kind === 'taken') {
      await stores.xapi.sent(rows.map((r) => r.row.recordId), claimer, statements.length, now());
      return 'ok';
    }
    if (answer.kind === 'later') {
      await stores.xapi.retryLater(rows.map((r) => r.row.recordId), claimer, now() + backoff, answer.reason, now());
      return 'later';
    }
    if (rows.length === 1) {
      await stores.xapi.settle(rows[0]!.row.recordId, claimer, answer.state, answer.reason, now());
      return 'ok';
    }
    const half = Math.ceil(rows.length / 2);
    if ((await send(target, rows.slice(0, half))) === 'later') {
      await stores.xapi.retryLater(rows.slice(half).map((r) => r.row.recordId), claimer, now() + backoff, 'waiting for the LRS', now());
      return 'later';
    }
    return send(target, rows.slice(half));
  }

  async function said(rows: OutboxRow[], setting: StatementSetting): Promise<{ row: OutboxRow; statements: Statement[] }[]> {
    const ids = (source: OutboxRow['source']) => rows.filter((r) => r.source === source).map((r) => r.recordId);
    const [records, signoffs] = await Promise.all([stores.records.bodies(ids('record')), stores.credentials.signoffBodies(ids('signoff'))]);
    const versions = onceEach(options.versionOf);
    const out: { row: OutboxRow; statements: Statement[] }[] = [];
    for (const row of rows) {
      const body = (row.source === 'record' ? records : signoffs).get(row.recordId);
      if (body === undefined) await stores.xapi.settle(row.recordId, claimer, 'refused', 'the record is no longer stored here', now());
      else out.push({ row, statements: await statementsOfBody(body, versions, setting) });
    }
    return out;
  }

  let backoff = FIRST_BACKOFF_MS;
  const loop = (async () => {
    while (!stopped) {
      try {
        const target = await options.target();
        const rows = target ? await stores.xapi.claim(claimer, now(), now() + leaseMs, batch) : [];
        if (!target || !rows.length) {
          await sleep(IDLE_MS);
          continue;
        }
        if ((await send(target, await said(rows, { homePage: target.homePage }))) === 'later') {
          await sleep(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        } else {
          backoff = FIRST_BACKOFF_MS;
        }
      } catch (err) {
        // The database, not the LRS: what was claimed comes back when the lease runs out.
        console.error('xAPI forwarding:', err);
        await sleep(backoff);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** The LRS's own words, when it gave any: its JSON's message, or the start of its text. */
function reasonIn(text: string): string {
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
    else if (typeof parsed.error === 'string') message = parsed.error;
  } catch { /* not JSON: its text as it is */ }
  return message ? `: ${message.replace(/\s+/g, ' ').slice(0, 300)}` : '';
}
