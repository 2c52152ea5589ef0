import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';

/** One request on an HTTP/2 session, read whole: its response headers (`:status` among them) and body, as bytes and as text. */
export function h2Request(session: ClientHttp2Session, headers: OutgoingHttpHeaders, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    const chunks: Buffer[] = [];
    let head: IncomingHttpHeaders = {};
    stream.on('response', (h) => { head = h; });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const bytes = Buffer.concat(chunks);
      resolve({ status: Number(head[':status']), headers: head, text: bytes.toString(), bytes });
    });
    stream.on('error', reject);
    stream.end(body);
  });
}
