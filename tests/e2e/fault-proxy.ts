import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type ApiFault = 'pass' | 'error-500' | 'hang' | 'cut-after-commit';

/**
 * Sits between the browser and the real server on a fixed port (the service
 * worker is tied to that origin) and breaks the API the ways a plant's line
 * and server do. Everything else passes through untouched.
 */
export class FaultProxy {
  fault: ApiFault = 'pass';
  /** Which requests the fault applies to: every API request, or only those under a narrower path. */
  faultScope = '/api/';
  /** API requests the proxy let reach the server, and how each ended. */
  readonly log: { fault: ApiFault; status: number | 'cut' | 'hung' | 'refused' }[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly upstreamPort: () => number) {
    this.server = createServer((req, res) => {
      const isApi = (req.url ?? '').startsWith('/api/');
      const fault = (req.url ?? '').startsWith(this.faultScope) ? this.fault : 'pass';
      if (fault === 'hang') {
        this.log.push({ fault, status: 'hung' });
        return; // never answer: only the browser (or the proxy closing) ends the request
      }
      if (fault === 'error-500') {
        req.resume();
        this.log.push({ fault, status: 500 });
        res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"injected failure"}');
        return;
      }
      const upstream = request({ host: '127.0.0.1', port: this.upstreamPort(), method: req.method, path: req.url, headers: req.headers }, (up) => {
        if (fault === 'cut-after-commit') {
          // The server has committed and answered; the device never reads the answer.
          up.resume();
          up.on('end', () => { this.log.push({ fault, status: 'cut' }); res.socket?.destroy(); });
          return;
        }
        if (isApi) this.log.push({ fault, status: up.statusCode ?? 0 });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        if (isApi) this.log.push({ fault, status: 'refused' });
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' }).end('upstream down');
        else res.destroy();
      });
      req.pipe(upstream);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  /** Drops every open connection, so hung requests end as network errors. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
