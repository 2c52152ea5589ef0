import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Epoch milliseconds from the monotonic clock: timers and timestamps cannot disagree if the wall clock is stepped. */
export const now = (): number => performance.timeOrigin + performance.now();
const debug = process.env.LINK_DEBUG ? (...args: unknown[]) => console.log('[link]', ...args) : () => undefined;

/** Cumulative bytes by delivery time: answers "how many bytes by time t". */
export class Counter {
  total = 0;
  readonly timeline: { at: number; total: number }[] = [];

  add(bytes: number): void {
    this.total += bytes;
    this.timeline.push({ at: now(), total: this.total });
  }

  bytesBy(time: number): number {
    let total = 0;
    for (const point of this.timeline) {
      if (point.at > time) break;
      total = point.total;
    }
    return total;
  }
}

/** One direction of the link: a single queue that every connection shares, at a fixed rate, with fixed latency. */
export class Pipe extends Counter {
  private freeAt = 0;

  constructor(private readonly bytesPerSecond: number, private readonly oneWayMs: number, private readonly packet = 1460) {
    super();
  }

  /** Queues data behind everything already queued; `deliver` runs when its last bit has crossed the link. */
  send(data: Buffer, deliver: (chunk: Buffer) => void, notBefore = 0): void {
    for (let offset = 0; offset < data.length; offset += this.packet) {
      const chunk = data.subarray(offset, offset + this.packet);
      const start = Math.max(now(), this.freeAt, notBefore);
      this.freeAt = start + (chunk.length * 1000) / this.bytesPerSecond;
      this.schedule(this.freeAt + this.oneWayMs, () => {
        this.add(chunk.length);
        deliver(chunk);
      });
    }
  }

  /** Runs `then` after everything queued so far has been delivered (to end a stream in order). */
  after(then: () => void, notBefore = 0): void {
    this.schedule(Math.max(now(), this.freeAt, notBefore) + this.oneWayMs, then);
  }

  private readonly queue: { at: number; run: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  /**
   * One queue and one timer per direction: deliveries run strictly in the
   * order they were queued, so a connection's end can never overtake its last
   * bytes (separate timers due in the same millisecond may fire in any order).
   * Due times never decrease along the queue.
   */
  private schedule(at: number, run: () => void): void {
    this.queue.push({ at, run });
    if (!this.timer) this.arm();
  }

  private arm(): void {
    const next = this.queue[0];
    this.timer = next ? setTimeout(() => this.flush(), Math.max(0, next.at - now())) : null;
  }

  private flush(): void {
    const due = now() + 1;
    while (this.queue.length > 0 && this.queue[0]!.at <= due) this.queue.shift()!.run();
    this.arm();
  }
}

export interface LinkOptions {
  bytesPerSecond: number;
  rttMs: number;
  targetPort: number;
  targetHost?: string;
}

/**
 * A shared, throttled link in front of the server: every TCP connection of
 * the browser (page, service worker, workers) crosses the same two pipes, as
 * on a plant's single 64 kbit/s line. A new connection waits one round trip
 * before its first byte, as a TCP handshake would. CDP throttling instead
 * gives each target its own budget; this is the honest version.
 */
export class ShapedLink {
  readonly up: Pipe;
  readonly down: Pipe;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private online = true;
  port = 0;
  /** When each TCP connection was accepted, and when each TLS ClientHello (a handshake, full or resumed) went up. */
  readonly connections: number[] = [];
  readonly handshakes: number[] = [];
  /** Bytes each connection delivered, by delivery time, each way (index as in `connections`). */
  readonly perConnection: { up: Counter; down: Counter }[] = [];

  constructor(private readonly options: LinkOptions) {
    this.up = new Pipe(options.bytesPerSecond, options.rttMs / 2);
    this.down = new Pipe(options.bytesPerSecond, options.rttMs / 2);
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Offline: every open connection drops and new ones are refused, as when the line goes down. */
  setOnline(online: boolean): void {
    this.online = online;
    if (!online) for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.setOnline(false);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    debug('accept', client.remotePort, this.online ? 'online' : 'offline');
    if (!this.online) {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.options.targetPort, this.options.targetHost ?? '127.0.0.1');
    const connectedAt = now() + this.options.rttMs;
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    this.connections.push(now());
    const own = { up: new Counter(), down: new Counter() };
    this.perConnection.push(own);
    let first = true;
    client.on('data', (data: Buffer) => {
      // A TLS handshake record (22) carrying a ClientHello (1) opens every TLS session on this connection.
      if (first && data[0] === 22 && data[5] === 1) this.handshakes.push(now());
      first = false;
      this.up.send(data, (c) => { own.up.add(c.length); if (upstream.writable) upstream.write(c); }, connectedAt);
    });
    upstream.on('data', (data: Buffer) => this.down.send(data, (c) => { own.down.add(c.length); if (client.writable) client.write(c); }));
    client.on('end', () => this.up.after(() => upstream.end(), connectedAt));
    upstream.on('end', () => this.down.after(() => client.end()));
  }
}
