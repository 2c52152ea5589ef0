import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, Stack } from '../../harness/stack.ts';
import type { ServerProcess } from '../../harness/server-process.ts';
import { DEMO } from '../../src/server/demo-site.ts';
import type { PlacementReport } from '../../src/shared/console/posters.ts';
import { v7 as uuidv7 } from 'uuid';
import { adminApi, enrollKiosk, signIn, viewportOf } from './kiosk-helpers.ts';
import { openPage } from './console-flows.ts';
import { checkScreen } from './screen-check.ts';
import { readSvgQr } from './qr-read.ts';

const PORT = 18_750;
const run = promisify(execFile);

/** A binary PGM (P5) as poppler writes it: a header of width, height and 255, then one byte a pixel. */
function readPgm(file: Buffer): { width: number; height: number; data: Buffer } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), data: file.subarray(header[0].length) };
}
const ADMIN_TOKEN = 'e2e-posters-admin-token-0123456789';

/**
 * A QR poster from the console to an offline kiosk and back: L&D make a code
 * for the lockout module's "six steps" with a placement; the poster's QR,
 * read back from the rendered SVG by an independent decoder (jsQR), holds
 * the upper-case short address; the kiosk, offline, opens that section after
 * sign-in; once it syncs, the placement report counts the scan.
 */
describe('QR posters and the placement report', () => {
  let stack: Stack;
  let server: ServerProcess;
  let browser: Browser;
  let consoleContext: BrowserContext;
  let page: Page;
  let kiosk: BrowserContext;
  let k: Page;
  const base = `http://127.0.0.1:${PORT}`;
  let code = '';

  beforeAll(async () => {
    ({ stack, server } = await Stack.withServerProcess(PORT, { ADMIN_TOKEN, DEMO_ACTIVITY: '0' }));
    browser = await launchChromium();
    consoleContext = await browser.newContext({ locale: 'en-GB' });
    page = await consoleContext.newPage();
    kiosk = await browser.newContext({ locale: 'en-GB' });
    k = await kiosk.newPage();
  });
  afterAll(async () => {
    await kiosk?.close();
    await consoleContext?.close();
    await browser?.close();
    await server?.stop();
    await stack?.dispose();
  });

  const placements = () => page.evaluate(async (site) => (await (await fetch(`/api/v1/console/sites/${site}/placements`)).json()) as PlacementReport, DEMO.siteId);

  /** The poster as a browser draws it, decoded from its pixels by jsQR: the text and the QR modes it holds. */
  async function decodePoster(size: 'a4' | 'a6'): Promise<{ text: string; modes: string[]; bytes: number }> {
    const svg = await page.evaluate(async (url) => (await fetch(url)).text(), `/api/v1/console/codes/${code}/poster-${size}.svg`);
    // As a browser shows it at 100 %: an A4 sheet is 794 pixels wide, an A6 one 397.
    const found = await readSvgQr(page, svg);
    if (!found) throw new Error(`No QR code found in the ${size} poster`);
    return { text: found.data, modes: found.chunks.map((c) => c.type), bytes: Buffer.byteLength(svg) };
  }

  it('makes a code for one section of the lockout module, with its placement', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill(DEMO.consoleEmail);
    await page.getByLabel('Password').fill(DEMO.consolePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await openPage(page, 'Posters');
    const form = page.getByTestId('code-form');
    await form.getByLabel(/^Module/).selectOption({ label: 'Zero energy before you touch it: lockout/tagout in six steps' });
    await form.getByLabel('Opens at').selectOption({ label: 'Job aid: The six steps' });
    await form.getByLabel('Where the poster hangs').fill('Press 4, left guard');
    await form.getByRole('button', { name: 'Make the code' }).click();
    await expect.poll(() => page.getByTestId('code-message').innerText()).toMatch(/^Code [A-Z0-9]{4} made for “Press 4, left guard”/);
    code = /Code ([A-Z0-9]{4})/.exec(await page.getByTestId('code-message').innerText())![1]!;
    const row = page.getByTestId('codes').locator(`[data-code="${code}"]`);
    await expect.poll(() => row.innerText()).toMatch(/Press 4, left guard[\s\S]*six steps, section 4/);
    await expect.poll(() => page.getByTestId('placements').locator(`[data-code="${code}"]`).count()).toBe(1);
    for (const width of [1280, 360]) {
      await page.setViewportSize(viewportOf(width));
      await checkScreen(page, width, 'posters');
    }
  });

  it("prints posters whose QR decodes to the upper-case short address, in QR's alphanumeric mode", async () => {
    for (const size of ['a4', 'a6'] as const) {
      const { text, modes, bytes } = await decodePoster(size);
      expect(text).toBe(`HTTP://127.0.0.1:${PORT}/Q/${code}`);
      expect(modes).toEqual(['alphanumeric']);
      expect(bytes).toBeLessThan(16 * 1024);
    }
  });

  it('prints the same posters as PDFs of their sheet size, whose QR poppler draws and jsQR reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lowband-posters-'));
    try {
      for (const [size, widthPt] of [['a4', 595], ['a6', 298]] as const) {
        const pdf = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), `/api/v1/console/codes/${code}/poster-${size}.pdf`);
        const file = join(dir, `${size}.pdf`);
        await writeFile(file, Uint8Array.from(pdf));
        expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
        expect(pdf.length).toBeLessThan(40 * 1024);
        const info = (await run('pdfinfo', [file])).stdout;
        expect(Math.round(Number(/Page size:\s+([\d.]+) x/.exec(info)![1]))).toBe(widthPt);
        // 100 dpi, grey, as a PGM the test reads itself: the QR as a printer would put it on paper.
        await run('pdftoppm', ['-r', '100', '-gray', '-singlefile', file, join(dir, size)]);
        const { width, height, data } = readPgm(await readFile(join(dir, `${size}.pgm`)));
        const rgba = new Uint8ClampedArray(width * height * 4);
        for (let i = 0; i < width * height; i++) rgba.set([data[i]!, data[i]!, data[i]!, 255], i * 4);
        const found = jsQR(rgba, width, height);
        expect(found?.data).toBe(`HTTP://127.0.0.1:${PORT}/Q/${code}`);
        expect((await run('pdftotext', [file, '-'])).stdout).toMatch(/Zero energy before you\s+touch it/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends a scanned address to its module in any case, and answers an unknown code with a page that says so', async () => {
    const known = await fetch(`${base}/q/${code.toLowerCase()}`, { redirect: 'manual' });
    expect(known.status).toBe(302);
    expect(known.headers.get('location')).toBe('/m/lockout-tagout/aid/3');
    const unknown = await fetch(`${base}/Q/ZZZZ`, { headers: { Accept: 'text/html', 'Accept-Language': 'nl' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Met de code ZZZZ opent geen module.');
  });

  it('opens the job aid from the code on an offline kiosk after sign-in', async () => {
    await enrollKiosk(k, base, ADMIN_TOKEN, 'Press hall kiosk');
    await k.getByTestId('saved-count').getByText(/^(\d+) of \1 modules saved on this device/).waitFor({ timeout: 30_000 });
    await expect.poll(() => k.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await kiosk.setOffline(true);
    await k.goto(`${base}/Q/${code.toLowerCase()}`);
    await signIn(k, '1002', DEMO.pin);
    // The section code opens the job aid on its own, at arm's length (read-aloud shows where the device has a voice; headless Chromium has none).
    const aid = k.getByTestId('job-aid');
    await expect.poll(() => aid.getAttribute('data-section')).toBe('3');
    expect(await aid.locator('h2').innerText()).toBe('The six steps');
    expect(await aid.getByRole('link', { name: 'Take the whole module' }).getAttribute('href')).toBe('/m/lockout-tagout');
    expect(new URL(k.url()).pathname).toBe('/m/lockout-tagout/aid/3');
    await k.setViewportSize({ width: 412, height: 915 });
    await checkScreen(k, 412, 'job-aid');
    // Looking up the six steps is not taking the module: the only record is the scan.
    const queued = await k.evaluate(() => new Promise<string[]>((done) => {
      const open = indexedDB.open('lowband-learning');
      open.onsuccess = () => {
        const all = open.result.transaction('outbox').objectStore('outbox').getAll();
        all.onsuccess = () => { done((all.result as { kind: string; type?: string }[]).map((r) => `${r.kind}${r.type ? `:${r.type}` : ''}`)); open.result.close(); };
      };
    }));
    expect(queued).toEqual(['event:scanned']);
  });

  it('counts the scan for its placement once the kiosk syncs, under the privacy rule', async () => {
    // Enough people for the rule to show a count (5 who scanned, 5 who did not): six more on the roster, four scans from another kiosk.
    const extra = Array.from({ length: 6 }, (_, i) => ({ id: `77${i}`, name: `Extra person ${i}`, lang: 'en' }));
    await adminApi(base, ADMIN_TOKEN, 'POST', `/sites/${DEMO.siteId}/roster`, { people: extra });
    const { code: enrollment } = await adminApi<{ code: string }>(base, ADMIN_TOKEN, 'POST', `/sites/${DEMO.siteId}/enrollment-codes`, { label: 'Canteen kiosk' });
    const deviceId = `dev-${randomUUID()}`;
    const enrolled = await (await fetch(`${base}/api/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: enrollment, deviceId }) })).json() as { credential: string };
    const scans = ['1001', '1003', '1004', '770'].map((learner, i) => ['e', uuidv7(), i + 1, Date.now() - 60_000, learner, 'scanned', code, 0, 0, '']);
    const synced = await fetch(`${base}/api/v1/sync`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${enrolled.credential}` },
      body: JSON.stringify({ v: 1, device: deviceId, records: scans }),
    });
    expect(await synced.json()).toMatchObject({ acked: scans.map((s) => s[1]), rejected: [] });
    // Four people: not shown, as "1 of 40" would not be.
    expect((await placements()).placements.find((p) => p.code === code)!.total).toEqual({ people: { hidden: true }, opens: null });

    await kiosk.setOffline(false);
    await expect.poll(async () => (await placements()).placements.find((p) => p.code === code)!.total, { timeout: 60_000 }).toEqual({ people: { people: 5 }, opens: 5 });
    await openPage(page, 'Kiosks');
    await openPage(page, 'Posters');
    const row = page.getByTestId('placements').locator(`[data-code="${code}"]`);
    await expect.poll(() => row.locator('[data-week="total"]').innerText()).toBe('5 people, 5 opens');
    await checkScreen(page, 360, 'posters-report');
  });
});
