import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAll, buildServer } from '../build/build.ts';
import { isBuildStale } from '../build/freshness.ts';
import { defaultPaths, ROOT } from '../src/node/paths.ts';
import { now } from './link-shaper.ts';

/** dist/ and dist-server/ as `npm start` would leave them: the bench measures the production process. */
export async function ensureBuilt(): Promise<void> {
  const paths = defaultPaths();
  if (!process.env.DIST_DIR && isBuildStale(ROOT, paths.distDir)) await buildAll(paths.distDir);
  if (isBuildStale(ROOT, paths.serverDir)) await buildServer(paths.serverDir);
}

export interface BenchServer {
  process: ChildProcess;
  port: number;
  /** Responses as the server finished them (before they cross the link), in order. */
  requests: { line: string; at: number }[];
  /** Resident memory, as the kernel counts it, right now. */
  rssBytes(): Promise<number>;
  stop(): void;
}

/** The bundled server (dist-server/server.js), alone in its process, on a free port. */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const paths = defaultPaths();
  const child = spawn(process.execPath, [join(paths.serverDir, 'server.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DIST_DIR: paths.distDir, LOG_REQUESTS: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests: BenchServer['requests'] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not report its port within 30 s')), 30_000).unref();
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const listening = /Serving on https?:\/\/localhost:(\d+)\//.exec(line);
        if (listening) resolve(Number(listening[1]));
        else if (/^(GET|HEAD|POST|PUT) /.test(line)) requests.push({ line, at: now() });
      }
    });
  });
  return {
    process: child, port, requests,
    async rssBytes() {
      const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => ''))?.[1];
      return kb ? Number(kb) * 1024 : NaN;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}

/** The highest RSS seen while `during` runs, sampled every 200 ms. */
export async function peakRss<T>(server: BenchServer, during: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = await server.rssBytes();
  const timer = setInterval(() => void server.rssBytes().then((rss) => { peak = Math.max(peak, rss || 0); }), 200);
  try {
    const result = await during();
    return { result, peak: Math.max(peak, await server.rssBytes()) };
  } finally {
    clearInterval(timer);
  }
}
