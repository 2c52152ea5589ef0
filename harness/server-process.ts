import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../src/node/paths.ts';
import { FIXTURE_COURSE, FIXTURE_ROSTER } from './fixtures.ts';

/** The real server as its own process (`src/server/start.ts`), so a test can kill it outright. Its demo site comes from the fixture roster. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(readonly port: number, private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/start.ts')], {
      cwd: ROOT,
      env: { ...process.env, DEMO_ROSTER: FIXTURE_ROSTER, DEMO_SOURCES: FIXTURE_COURSE, DEMO_ACTIVITY: '0', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const onData = (data: Buffer) => {
        this.output.push(data.toString());
        if (data.toString().includes('Serving on')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before serving:\n${this.output.join('')}`)));
    });
  }

  /** The server's peak resident memory so far, in MiB (Linux's VmHWM): what it really took, whatever it gave back since. */
  peakRssMiB(): number {
    const status = readFileSync(`/proc/${this.child!.pid}/status`, 'utf8');
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) / 1024;
  }

  /** Sends SIGHUP and waits for the server to say what it did with it (the line it logs, which starts "SIGHUP:"). */
  async hangUp(): Promise<string> {
    const seen = this.output.length;
    this.child!.kill('SIGHUP');
    for (;;) {
      const line = this.output.slice(seen).join('').split('\n').find((l) => l.includes('SIGHUP:'));
      if (line) return line;
      // The line may come on either stream: a refused reload is an error.
      await new Promise<void>((resolve) => {
        const next = () => {
          this.child!.stdout!.off('data', next);
          this.child!.stderr!.off('data', next);
          resolve();
        };
        this.child!.stdout!.on('data', next);
        this.child!.stderr!.on('data', next);
      });
    }
  }

  /** SIGKILL: no graceful close, no flushing; what was committed must still be there. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
