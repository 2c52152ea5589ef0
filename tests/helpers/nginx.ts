import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/node/paths.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface NginxSite {
  httpsPort: number;
  httpPort: number;
  upstreamPort: number;
  certFile: string;
  keyFile: string;
}

/**
 * Debian's nginx running deploy/nginx.conf, the file the README tells a plant
 * to install, with only its ports and certificate paths changed: what is
 * tested is what is documented.
 */
export class Nginx {
  private constructor(private readonly dir: string, private readonly child: ChildProcess, readonly log: string[]) {}

  static async start(site: NginxSite): Promise<Nginx> {
    const dir = await mkdtemp(join(tmpdir(), 'lowband-nginx-'));
    const documented = await readFile(join(ROOT, 'deploy/nginx.conf'), 'utf8');
    const conf = documented
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${site.httpsPort} ssl http2;`)
      .replace('listen 80;', `listen 127.0.0.1:${site.httpPort};`)
      .replace('/etc/lowband/server.pem', site.certFile)
      .replace('/etc/lowband/server-key.pem', site.keyFile)
      .replaceAll('http://127.0.0.1:8080', `http://127.0.0.1:${site.upstreamPort}`);
    if (conf === documented) throw new Error('deploy/nginx.conf no longer has the lines this test adapts');
    for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(join(dir, temp));
    await writeFile(join(dir, 'site.conf'), conf);
    await writeFile(join(dir, 'nginx.conf'), `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include /etc/nginx/mime.types;
  include ${dir}/site.conf;
}
`);
    const log: string[] = [];
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    const nginx = new Nginx(dir, child, log);
    await nginx.waitForPort(site.httpsPort);
    return nginx;
  }

  private async waitForPort(port: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited: ${this.log.join('')}${await readFile(join(this.dir, 'error.log'), 'utf8').catch(() => '')}`);
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
      });
      if (open) return;
      if (attempt > 100) throw new Error('nginx did not listen within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => { this.child.once('exit', () => resolve()); this.child.kill('SIGTERM'); });
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
