import { request } from 'node:https';
import { request as plainRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ENROLL_URL } from '../../src/shared/roster/roster.ts';
import { Nginx } from '../helpers/nginx.ts';
import { Stack } from '../../harness/stack.ts';
import { ServerProcess } from '../../harness/server-process.ts';
import { PLANT_HOST, TrustedCa } from '../../harness/trusted-ca.ts';

const SERVER_PORT = 18_610;
const HTTPS_PORT = 18_643;
const HTTP_PORT = 18_680;

interface Answer { status: number; headers: IncomingHttpHeaders }

/**
 * A plant that already runs nginx: it terminates TLS (h2 to the kiosks) and
 * passes plain HTTP to the server, which trusts X-Forwarded-* from loopback
 * only (TRUST_PROXY=loopback). The kiosk must work exactly as over the
 * server's own TLS, and the forwarded headers must mean what they say: each
 * kiosk is rate-limited as itself, and a header a client writes changes nothing.
 */
describe('behind nginx (deploy/nginx.conf), with TRUST_PROXY', () => {
  let ca: TrustedCa;
  let stack: Stack;
  let server: ServerProcess;
  let nginx: Nginx;
  let browser: Browser;
  const base = `https://${PLANT_HOST}:${HTTPS_PORT}`;

  /** One enrollment attempt with a wrong code, from a given loopback address, through nginx or straight to the server. */
  const enroll = (from: string, via: 'nginx' | 'direct', headers: Record<string, string> = {}) => new Promise<Answer>((resolve, reject) => {
    const body = JSON.stringify({ code: 'WRONG-CODE1', deviceId: `dev-${crypto.randomUUID()}` });
    const options = { method: 'POST', path: ENROLL_URL, localAddress: from, headers: { 'Content-Type': 'application/json', ...headers } };
    const done = (res: { statusCode?: number; headers: IncomingHttpHeaders; resume(): void }) => { res.resume(); resolve({ status: res.statusCode ?? 0, headers: res.headers }); };
    const req = via === 'nginx'
      ? request({ ...options, host: '127.0.0.1', port: HTTPS_PORT, servername: PLANT_HOST, ca: ca.ca.cert }, done)
      : plainRequest({ ...options, host: '127.0.0.1', port: SERVER_PORT }, done);
    req.on('error', reject);
    req.end(body);
  });

  beforeAll(async () => {
    ca = await TrustedCa.create();
    ({ stack, server } = await Stack.withServerProcess(SERVER_PORT, { ADMIN_TOKEN: 'e2e-proxy-admin-token-0123456789', TRUST_PROXY: 'loopback' }));
    nginx = await Nginx.start({ httpsPort: HTTPS_PORT, httpPort: HTTP_PORT, upstreamPort: SERVER_PORT, certFile: ca.certFile, keyFile: ca.keyFile });
    browser = await ca.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    await server?.stop();
    await stack?.dispose();
    await ca?.dispose();
  });

  it('serves the kiosk over h2 through the proxy: service worker, every module saved, HSTS from the forwarded protocol', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    const response = await page.goto(base);
    expect(response?.headers()['strict-transport-security']).toBe('max-age=31536000');
    await page.getByTestId('saved-count').getByText(/(\d+) of \1 modules saved/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol)).toBe('h2');
    await page.context().close();
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      plainRequest({ host: '127.0.0.1', port: HTTP_PORT, path: '/m/ppe-basics', headers: { Host: PLANT_HOST } }, (res) => { res.resume(); resolve({ status: res.statusCode ?? 0, headers: res.headers }); })
        .on('error', reject).end();
    });
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`https://${PLANT_HOST}/m/ppe-basics`);
  });

  it('limits enrollment guesses per kiosk behind the proxy, and forwarded headers from anyone but the proxy change nothing', async () => {
    // Five wrong codes are free, the sixth starts a hold of a second; every check below comes within milliseconds of it.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await enroll('127.0.0.2', 'nginx')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429]);
    // The guesser writes a fresh X-Forwarded-For: nginx appends the real address, and that is the one counted.
    expect((await enroll('127.0.0.2', 'nginx', { 'X-Forwarded-For': '10.9.9.9' })).status).toBe(429);
    // Straight to the server, its headers are not believed at all: still the guesser, and no HSTS over plain HTTP.
    const direct = await enroll('127.0.0.2', 'direct', { 'X-Forwarded-For': '10.1.1.1', 'X-Forwarded-Proto': 'https' });
    expect(direct.status).toBe(429);
    expect(direct.headers['strict-transport-security']).toBeUndefined();
    // Another kiosk on the same proxy is not held back by the first one's guesses.
    expect((await enroll('127.0.0.3', 'nginx')).status).toBe(404);
  });
});
