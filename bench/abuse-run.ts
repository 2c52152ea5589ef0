/**
 * npm run bench:abuse — what a kiosk sees while the server is abused.
 *
 * Starts the production server bundle (dist-server/server.js) on the demo
 * course and, for each attack, asks for the content catalog every 50 ms the
 * way a kiosk would, for as long as the attack lasts, while the server's
 * resident memory is sampled every 200 ms:
 *   - a burst of 50 console sign-ins at once (each a scrypt of 128 MiB);
 *   - a hostile draft (18 KB of nested emphasis, which took the parser 8 s),
 *     and the heaviest draft the limits let through (64 KiB of source);
 *   - a Word bomb (64 MiB of XML declaring 1 KiB) and a 12.5 MiB document.xml.
 * Prints a table (content latency median and worst, peak RSS) and writes
 * bench/results/abuse.json. Target: content under 1 s throughout, RSS under 300 MiB.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';
import { publish } from '../src/publisher/publish.ts';
import { DEMO } from '../src/server/demo-site.ts';
import { lyingZip } from '../harness/hostile-zip.ts';
import { moduleSource } from '../harness/module-source.ts';
import { now } from './link-shaper.ts';
import { ensureBuilt, peakRss, startServer, type BenchServer } from './servers.ts';
import { summarize } from './stats.ts';

const ADMIN_TOKEN = 'bench-abuse-admin-token-0123456789';
const DESK = '198.51.100.10';

interface Row { attack: string; contentMedianMs: number; contentWorstMs: number; contentAnswers: number; attackMs: number; peakRssMiB: number; outcome: string }

/** Asks for the catalog every 50 ms while `attack` runs; every answer's latency, the attack's result and the peak RSS. */
async function underAttack(server: BenchServer, base: string, attack: () => Promise<string>): Promise<Omit<Row, 'attack'>> {
  const latencies: number[] = [];
  let done = false;
  const kiosk = (async () => {
    while (!done) {
      const started = now();
      const res = await fetch(`${base}/content/catalog.json`, { headers: { 'Accept-Encoding': 'br' } });
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = now();
  const { result: outcome, peak } = await peakRss(server, async () => {
    try {
      return await attack();
    } finally {
      done = true;
      await kiosk;
    }
  });
  const s = summarize(latencies.length ? latencies : [NaN]);
  return { contentMedianMs: s.median, contentWorstMs: s.max, contentAnswers: latencies.length, attackMs: now() - started, peakRssMiB: peak / 1024 / 1024, outcome };
}

const tally = (statuses: number[]) => Object.entries(statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {})).map(([s, n]) => `${n}×${s}`).join(' ');

async function main(): Promise<void> {
  await ensureBuilt();
  const scratch = await mkdtemp(join(tmpdir(), 'lowband-bench-abuse-'));
  const content = join(scratch, 'published');
  const result = await publish({ sourceDir: join(ROOT, 'content'), outDir: content, budgetsFile: join(ROOT, 'budgets.json') });
  if (!result.ok) throw new Error('the demo course did not publish');
  await mkdir(join(scratch, 'data'));
  await cp(join(ROOT, 'content'), join(scratch, 'data', 'sources'), { recursive: true, filter: (src) => !src.endsWith('.csv') });
  const server = await startServer({ CONTENT_DIR: content, DATA_DIR: join(scratch, 'data'), ADMIN_TOKEN, TRUST_PROXY: 'loopback', DEMO_ACTIVITY: '0' });
  const base = `http://127.0.0.1:${server.port}`;
  const rows: Row[] = [];
  try {
    const signIn = (email: string, password: string, from: string) => fetch(`${base}/api/v1/console/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base, 'X-Forwarded-For': from }, body: JSON.stringify({ email, password }),
    });
    const session = await signIn(DEMO.consoleEmail, DEMO.consolePassword, DESK);
    if (session.status !== 200) throw new Error(`the demo admin could not sign in: ${session.status}`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const consoleCall = (method: string, path: string, body: unknown) => fetch(`${base}/api/v1/console${path}`, {
      method, headers: { Cookie: cookie, Origin: base, 'X-Forwarded-For': DESK, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const describe = async (res: Response) => `${res.status} ${(await res.text()).slice(0, 90).replace(/\s+/g, ' ')}`;

    rows.push({ attack: 'none (idle)', ...(await underAttack(server, base, () => new Promise((r) => setTimeout(() => r('-'), 2000)))) });
    rows.push({
      attack: '50 sign-ins at once', ...(await underAttack(server, base, async () => {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(`nobody${i}@plant.example`, 'not anyone\u2019s password', `192.0.2.${i + 1}`)));
        return tally(answers.map((r) => r.status));
      })),
    });
    const nested = moduleSource({}, `## A\n\n${'*a '.repeat(3000)}b${' c*'.repeat(3000)}\n`);
    rows.push({ attack: 'draft: 18 KB nested emphasis', ...(await underAttack(server, base, async () => describe(await consoleCall('PUT', '/drafts/hostile.md', { source: nested })))) });
    // The heaviest draft the limits let through: 200-run paragraphs of nested emphasis up to the total cap, padded to the 64 KiB a draft may be.
    const heavy = moduleSource({}, `## A\n\n${Array.from({ length: 10 }, () => `${'*a '.repeat(100)}b${' c*'.repeat(100)}`).join('\n\n')}\n\n${'Lock it out, tag it, try it. '.repeat(1600)}\n`);
    rows.push({ attack: 'draft: heaviest within the limits', ...(await underAttack(server, base, async () => describe(await consoleCall('PUT', '/drafts/heavy.md', { source: heavy })))) });
    const importDocx = (name: string, data: Uint8Array) => fetch(`${base}/api/v1/console/imports?fileName=${name}`, {
      method: 'POST', headers: { Cookie: cookie, Origin: base, 'X-Forwarded-For': DESK, 'Content-Type': 'application/octet-stream' }, body: new Blob([data as Uint8Array<ArrayBuffer>]),
    });
    const bomb = lyingZip('word/document.xml', 64 * 1024 * 1024, 1024);
    rows.push({ attack: `Word bomb (${(bomb.length / 1024).toFixed(0)} KiB, 64 MiB inflated)`, ...(await underAttack(server, base, async () => describe(await importDocx('bomb.docx', bomb)))) });
    const long = lyingZip('word/document.xml', 12.5 * 1024 * 1024);
    rows.push({ attack: 'Word file with 12.5 MiB of XML', ...(await underAttack(server, base, async () => describe(await importDocx('long.docx', long)))) });
  } finally {
    server.stop();
    await rm(scratch, { recursive: true, force: true });
  }

  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log('\nContent latency for a kiosk while the server is attacked (production bundle, loopback):\n');
  console.log(`${'attack'.padEnd(40)} ${'median'.padStart(8)} ${'worst'.padStart(8)} ${'answers'.padStart(8)} ${'lasted'.padStart(9)} ${'peak RSS'.padStart(10)}  outcome`);
  for (const r of rows) {
    console.log(`${r.attack.padEnd(40)} ${ms(r.contentMedianMs).padStart(8)} ${ms(r.contentWorstMs).padStart(8)} ${String(r.contentAnswers).padStart(8)} ${ms(r.attackMs).padStart(9)} ${`${r.peakRssMiB.toFixed(0)} MiB`.padStart(10)}  ${r.outcome}`);
  }
  const worst = Math.max(...rows.map((r) => r.contentWorstMs));
  const peak = Math.max(...rows.map((r) => r.peakRssMiB));
  console.log(`\nTarget: content under 1 s throughout (worst ${ms(worst)}: ${worst < 1000 ? 'met' : 'NOT met'}), RSS under 300 MiB (peak ${peak.toFixed(0)} MiB: ${peak < 300 ? 'met' : 'NOT met'}).`);
  await writeFile(join(ROOT, 'bench/results/abuse.json'), `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`);
}

await main();
