import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';

const ENTRY = join(ROOT, '.lrs/node_modules/xapi-statements/dist/index.js');

/**
 * A real LRS in its own process: Learning Locker's xapi-statements with its
 * in-memory repositories (build/ensure-lrs.sh installs it; it is GPL-3.0,
 * so it is only ever started, never imported). Its statement resource is at
 * `${base}/xAPI/statements`; any Basic credential is accepted.
 */
export class LrsProcess {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lowband-lrs-'));
  readonly output: string[] = [];

  constructor(readonly port: number) {}

  get statementsUrl(): string {
    return `http://127.0.0.1:${this.port}/xAPI/statements`;
  }

  /** What each request to it needs: the version header and a credential. */
  readonly headers = { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${Buffer.from('test:test').toString('base64')}` };

  async start(): Promise<void> {
    if (!existsSync(ENTRY)) throw new Error('The test LRS is not installed: run bash build/ensure-lrs.sh (npm test does).');
    const child = spawn(process.execPath, [ENTRY], {
      cwd: this.dir,
      env: {
        PATH: process.env.PATH, EXPRESS_PORT: String(this.port), MODELS_REPO: 'memory', STORAGE_REPO: 'memory', AUTH_REPO: 'test', EVENTS_REPO: 'test',
        EXPRESS_MORGAN_DIRECTORY: join(this.dir, 'logs'), FS_LOCAL_STORAGE_DIR: join(this.dir, 'storage'), SERVICE_AWAIT_UPDATES: 'true', WINSTON_CONSOLE_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the LRS exited with ${code}:\n${this.output.join('')}`))));
    // Ready when its statement resource answers (it logs nothing at warn level).
    for (let i = 0; ; i++) {
      const answered = await Promise.race([fetch(this.statementsUrl, { headers: this.headers }).then((r) => r.status, () => 0), exited]);
      if (answered === 200) return;
      if (i > 200) throw new Error(`the LRS did not answer on port ${this.port} within 20 s:\n${this.output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every statement the LRS holds, following its `more`. */
  async statements<S>(): Promise<S[]> {
    const all: S[] = [];
    for (let next: string | null = `${this.statementsUrl}?limit=100`; next;) {
      const page = (await (await fetch(next, { headers: this.headers })).json()) as { statements: S[]; more: string };
      all.push(...page.statements);
      next = page.more ? new URL(page.more, this.statementsUrl).href : null;
    }
    return all;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A statement as its sender wrote it: an LRS adds `stored`, `authority` and `version` of its own (and our feed adds `stored`). */
export function asSent<S extends object>(statement: S): Omit<S, 'stored' | 'authority' | 'version'> {
  const { stored: _stored, authority: _authority, version: _version, ...sent } = statement as S & { stored?: unknown; authority?: unknown; version?: unknown };
  return sent;
}
