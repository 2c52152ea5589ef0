/**
 * npm run admin -- <command>: the admin API from a terminal.
 *
 *   site <id> --name "Plant A" --lang nl [--idle 120] [--time-zone Europe/Amsterdam]   create or change a site
 *   import <roster.csv> --site <id> [--replace]           import a roster (all rows or none)
 *   assign --site <id> (--role <r> | --person <n>) --module <m> --due YYYY-MM-DD [--remove]
 *   enroll-code --site <id> --label "Canteen kiosk" [--hours 24] [--device <device-id>]   (--device: enroll a known kiosk again)
 *   devices --site <id>          revoke <device-id> --reason "…"
 *   passphrase <employee-number>  (reads the new passphrase from stdin or LOWBAND_PASSPHRASE)
 *   status --site <id>            signoffs --site <id>          people --site <id>
 *   console-user <email> --name "…" --role admin|publisher|author|site-admin|viewer [--site <id>,<id>]
 *                                 a console account (reads the password from stdin or LOWBAND_PASSWORD)
 *   locks                         console accounts locked by failed sign-ins     unlock <email>   lift those locks
 *   campaigns                     campaign <id>   (what a campaign achieved: funnel, retention, items, pilot)
 *
 * Server: --server or LOWBAND_SERVER (default http://localhost:$PORT or 8080).
 * Token: ADMIN_TOKEN, else the one `npm start` generated in the data directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultPaths } from '../node/paths.ts';
import { parseRosterCsv } from '../server/roster-csv.ts';
import { summarise, type SiteStatus } from '../shared/console/report.ts';
import type { CampaignReport } from '../shared/campaign/report.ts';
import type { CampaignSummary } from '../shared/campaign/campaign.ts';
import type { AccountLock } from '../shared/console/access.ts';
import { campaignReportLines } from './campaign-text.ts';

class UsageError extends Error {}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: 'string' }, name: { type: 'string' }, lang: { type: 'string' }, idle: { type: 'string' }, 'time-zone': { type: 'string' }, replace: { type: 'boolean' },
    role: { type: 'string' }, person: { type: 'string' }, module: { type: 'string' }, due: { type: 'string' }, remove: { type: 'boolean' },
    label: { type: 'string' }, hours: { type: 'string' }, reason: { type: 'string' }, server: { type: 'string' }, device: { type: 'string' },
  },
});

const server = (opts.server ?? process.env.LOWBAND_SERVER ?? `http://localhost:${process.env.PORT ?? 8080}`).replace(/\/$/, '');

function adminToken(): string {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN.trim();
  const file = join(defaultPaths().dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new UsageError(`No admin token: set ADMIN_TOKEN, or run this where \`npm start\` wrote ${file}.`);
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${server}/api/v1/admin${path}`, {
      method, headers: { Authorization: `Bearer ${adminToken()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new UsageError(`Cannot reach the server at ${server}: ${(err as Error).cause ?? (err as Error).message}. Is it running (npm start)?`);
  }
  const payload = (await res.json().catch(() => null)) as { error?: string } | null;
  if (!res.ok) throw new UsageError(`${res.status}: ${payload?.error ?? res.statusText}`);
  return payload;
}

const need = (value: string | undefined, flag: string): string => {
  if (!value) throw new UsageError(`--${flag} is required.`);
  return value;
};
const site = () => encodeURIComponent(need(opts.site, 'site'));
const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

async function readStdinLine(fromEnv: string | undefined = process.env.LOWBAND_PASSPHRASE): Promise<string> {
  if (fromEnv) return fromEnv;
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split('\n')[0]!;
}

const commands: Record<string, () => Promise<void>> = {
  async site() {
    const id = need(positionals[1], 'site id (site <id>)');
    print(await call('PUT', `/sites/${encodeURIComponent(id)}`, {
      name: opts.name, lang: opts.lang, ...(opts.idle ? { idleSeconds: Number(opts.idle) } : {}), ...(opts['time-zone'] ? { timeZone: opts['time-zone'] } : {}),
    }));
  },
  async import() {
    const file = need(positionals[1], 'roster file (import <file.csv>)');
    if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
    const roster = parseRosterCsv(readFileSync(file, 'utf8'), file);
    if (!roster.ok) {
      roster.errors.forEach((e) => console.error(e));
      throw new UsageError(`${roster.errors.length} bad row${roster.errors.length > 1 ? 's' : ''}: nothing was imported.`);
    }
    const result = (await call('POST', `/sites/${site()}/roster`, { people: roster.people, replace: Boolean(opts.replace) })) as { added: number; updated: number; removed: number };
    console.log(`${file}: ${roster.people.length} people imported into ${opts.site} (${result.added} added, ${result.updated} updated, ${result.removed} removed).`);
  },
  async assign() {
    print(await call('POST', `/sites/${site()}/assignments`, { role: opts.role, person: opts.person, moduleId: opts.module, due: opts.due, remove: Boolean(opts.remove) }));
  },
  async 'enroll-code'() {
    const result = (await call('POST', `/sites/${site()}/enrollment-codes`, { label: need(opts.label, 'label'), ...(opts.hours ? { validHours: Number(opts.hours) } : {}), ...(opts.device ? { device: opts.device } : {}) })) as { code: string; expiresAt: string };
    console.log(`Enrollment code for ${opts.label} at ${opts.site}: ${result.code} (one use, valid until ${result.expiresAt}).`);
    console.log(`On the kiosk, open ${server}/setup and type the code, or open ${server}/#enroll=${result.code}`);
  },
  async devices() { print(await call('GET', `/sites/${site()}/devices`)); },
  async people() { print(await call('GET', `/sites/${site()}/people`)); },
  async signoffs() { print(await call('GET', `/sites/${site()}/signoffs`)); },
  async revoke() {
    print(await call('POST', `/devices/${encodeURIComponent(need(positionals[1], 'device id (revoke <device-id>)'))}/revoke`, { reason: need(opts.reason, 'reason') }));
  },
  async passphrase() {
    const person = need(positionals[1], 'employee number (passphrase <employee-number>)');
    print(await call('PUT', `/people/${encodeURIComponent(person)}/passphrase`, { passphrase: await readStdinLine() }));
  },
  async 'console-user'() {
    const email = need(positionals[1], 'email (console-user <email>)');
    const sites = opts.site?.split(',').map((x) => x.trim()).filter(Boolean);
    const created = (await call('POST', '/console-users', {
      email, name: need(opts.name, 'name'), role: need(opts.role, 'role'), ...(sites ? { sites } : {}), password: await readStdinLine(process.env.LOWBAND_PASSWORD),
    })) as { email: string; role: string };
    console.log(`Console account ${created.email} (${created.role}) created: sign in at ${server}/console/`);
  },
  async locks() {
    const { locks } = (await call('GET', '/console-locks')) as { locks: AccountLock[] };
    if (!locks.length) console.log('No console account is locked.');
    for (const l of locks) {
      const where = l.addresses.length ? `from ${l.addresses.join(', ')}` : 'from anywhere but the addresses it signed in from before';
      console.log(`${l.account} (${l.name}): locked ${where} until ${new Date(l.until).toISOString()}, after ${l.failures} failed sign-ins.`);
    }
  },
  async unlock() {
    const email = need(positionals[1], 'email (unlock <email>)');
    const { unlocked } = (await call('POST', `/console-locks/${encodeURIComponent(email)}/unlock`)) as { unlocked: boolean };
    console.log(unlocked ? `${email}: unlocked; its failed sign-ins are forgotten.` : `${email} was not locked and had no failed sign-ins.`);
  },
  async campaigns() {
    const { campaigns } = (await call('GET', '/campaigns')) as { campaigns: CampaignSummary[] };
    for (const c of campaigns) console.log(`${c.id}: ${c.name}, ${c.steps.length} steps at ${c.sites.join(', ')}${c.pilot ? ' (pilot)' : ''}`);
  },
  async campaign() {
    const id = need(positionals[1], 'campaign id (campaign <id>)');
    campaignReportLines((await call('GET', `/campaigns/${encodeURIComponent(id)}/report`)) as CampaignReport).forEach((line) => console.log(line));
  },
  async status() {
    const report = (await call('GET', `/sites/${site()}/status`)) as SiteStatus;
    const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16));
    const summary = summarise(report);
    console.log(`${report.site.name} (${report.site.id}): ${summary.done} of ${summary.assigned} assigned modules done (${Math.round(summary.rate * 100)}%), ${summary.waiting} waiting on kiosks, ${summary.overdue} overdue, ${summary.queuedOnKiosks} records queued on kiosks`);
    for (const m of summary.modules) console.log(`  ${m.moduleId}: ${m.done} done, ${m.waiting} waiting, ${m.notDone} not done, ${m.overdue} overdue of ${m.assigned}`);
    for (const d of report.devices) console.log(`  device ${d.label} [${d.id}]: last seen ${when(d.lastContactAt)}, ${d.reportedQueued ?? '?'} records queued then${d.revokedAt ? `, REVOKED: ${d.revokedReason}` : ''}`);
    for (const l of report.learners) {
      for (const m of l.modules) {
        const state = m.state === 'done' ? `done, synced (${when(m.doneAt)})`
          : m.state === 'waiting' ? `done on a device, waiting to sync (${m.devices.map((d) => `${d.label}, last seen ${when(d.lastContactAt)}`).join('; ')})`
          : 'not done';
        console.log(`  ${l.id} ${l.name}: ${m.moduleId} due ${m.due}${m.overdue ? ' OVERDUE' : ''}: ${state}`);
      }
    }
  },
};

try {
  const command = commands[positionals[0] ?? ''];
  if (!command) throw new UsageError(`Usage: npm run admin -- <${Object.keys(commands).join('|')}> … (see src/admin/cli.ts)`);
  await command();
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
