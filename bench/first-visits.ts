/**
 * A kiosk's and a worker's phone's whole first visit, as each really starts:
 * a new Chromium profile opening its one-time address (#enroll=… for a
 * site's kiosk, #link=… for one worker's phone), through the shaped
 * link, until the device says every module it keeps is saved and nothing
 * more crosses the link. The codes are made on a direct connection, so only
 * the device's own traffic is counted.
 */
import { connect } from 'node:http2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { h2Request } from '../harness/h2-request.ts';
import type { TrustedCa } from '../harness/trusted-ca.ts';
import { DEMO } from '../src/server/demo-site.ts';
import type { ShapedLink } from './link-shaper.ts';

export interface FirstVisit {
  /** Bytes down, headers and TLS included. */
  bytes: number;
  /** Modules the device says it keeps ("N of N modules saved"). */
  modules: number;
  requests: number;
}

/** A site whose kiosk and worker's phone are measured: the phone is linked to `learner`, a worker with assignments, by a console admin. */
export interface VisitedSite {
  siteId: string;
  learner: string;
  console: { email: string; password: string };
}

export const DEMO_VISITS: VisitedSite = { siteId: DEMO.siteId, learner: '1002', console: { email: DEMO.consoleEmail, password: DEMO.consolePassword } };

/** The site's kiosk and its worker's phone, each in a profile of its own. */
export async function measureFirstVisits(ca: TrustedCa, serverPort: number, link: ShapedLink, base: string, adminToken: string, site: VisitedSite, quiet: (ms: number) => Promise<void>): Promise<{ kiosk: FirstVisit; phone: FirstVisit }> {
  const { kioskCode, phoneCode } = await asAdmin(ca, serverPort, adminToken, site.console, async (call) => ({
    kioskCode: (await call('POST', `/api/v1/admin/sites/${site.siteId}/enrollment-codes`, { label: 'Bench kiosk' })).json<{ code: string }>().code,
    phoneCode: (await call('POST', `/api/v1/console/people/${site.learner}/phone-link`)).json<{ code: string }>().code,
  }));
  const kiosk = await visit(ca, link, `${base}/#enroll=${kioskCode}`, { width: 1280, height: 800 }, quiet);
  const phone = await visit(ca, link, `${base}/#link=${phoneCode}`, { width: 412, height: 915 }, quiet);
  return { kiosk, phone };
}

export const POSTER_FILES = ['a4.svg', 'a4.pdf', 'a6.svg', 'a6.pdf'] as const;

/** The files L&D prints: a poster code for the lockout module at a press, each size and format as the console serves it. */
export async function posterSizes(ca: TrustedCa, serverPort: number, adminToken: string): Promise<Record<(typeof POSTER_FILES)[number], number>> {
  return asAdmin(ca, serverPort, adminToken, DEMO_VISITS.console, async (call) => {
    const { code } = (await call('POST', `/api/v1/console/sites/${DEMO.siteId}/codes`, { moduleId: 'lockout-tagout', section: null, placement: 'Press 4, left guard' })).json<{ code: string }>();
    const sizes = await Promise.all(POSTER_FILES.map(async (file) => (await call('GET', `/api/v1/console/codes/${code}/poster-${file}`)).bytes));
    return Object.fromEntries(POSTER_FILES.map((file, i) => [file, sizes[i]!])) as Record<(typeof POSTER_FILES)[number], number>;
  });
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ bytes: number; json<T>(): T }>;

/**
 * On a direct connection (not the shaped link): the admin API with the admin
 * token, the console's as `user`, signed in as the console's pages do it.
 */
async function asAdmin<T>(ca: TrustedCa, port: number, adminToken: string, user: VisitedSite['console'], work: (call: Call) => Promise<T>): Promise<T> {
  const origin = `https://127.0.0.1:${port}`;
  const session = connect(origin, { ca: ca.ca.cert });
  let cookie = '';
  const call: Call = async (method, path, body) => {
    const auth = path.startsWith('/api/v1/admin/') ? { authorization: `Bearer ${adminToken}` } : { origin, cookie };
    const res = await h2Request(session, { ':method': method, ':path': path, ...auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body ? JSON.stringify(body) : undefined);
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${res.text}`);
    return { bytes: res.bytes.length, json: <J>() => JSON.parse(res.text) as J };
  };
  try {
    const signedIn = await h2Request(session, { ':method': 'POST', ':path': '/api/v1/console/session', origin, 'content-type': 'application/json' }, JSON.stringify(user));
    if (signedIn.status !== 200) throw new Error(`console sign-in: HTTP ${signedIn.status} ${signedIn.text}`);
    cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    return await work(call);
  } finally {
    session.close();
  }
}

async function visit(ca: TrustedCa, link: ShapedLink, address: string, viewport: { width: number; height: number }, quiet: (ms: number) => Promise<void>): Promise<FirstVisit> {
  const profile = await mkdtemp(join(tmpdir(), 'lowband-bench-visit-'));
  const context = await ca.launchProfile(profile, 'en-GB');
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize(viewport);
    let requests = 0;
    context.on('request', () => requests++);
    const before = link.down.total;
    await page.goto(address, { waitUntil: 'commit', timeout: 60_000 });
    const modules = await allSaved(page);
    // Roster pulls and sync checks that follow the last module are part of the visit.
    await quiet(2000);
    return { bytes: link.down.total - before, modules, requests };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Waits until the status line says "N of N modules saved on this device"; N. */
async function allSaved(page: Page): Promise<number> {
  const saved = page.getByTestId('saved-count');
  await page.waitForFunction(() => {
    const m = /(\d+) of (\d+) modules saved/.exec(document.querySelector('[data-testid="saved-count"]')?.textContent ?? '');
    return m !== null && m[1] === m[2] && m[1] !== '0';
  }, null, { timeout: 240_000, polling: 250 });
  return Number(/(\d+) of/.exec(await saved.innerText())![1]);
}

