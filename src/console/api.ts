import { CONSOLE_API } from '../shared/console/access.ts';

/** An answer the console shows as it came: the server's words, and row errors when there are any. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: { errors?: string[]; code?: string; [key: string]: unknown }) {
    super(message);
  }
}

/** A "busy" answer that asks to come back this soon is retried, not shown: the next try fixes it. */
const QUIET_RETRY_SECONDS = 5;
const QUIET_RETRIES = 4;

/**
 * The console's API, same-origin: the browser sends the session cookie and
 * the Origin header the server checks. A request the server turned away
 * unstarted for a moment ("busy": the author's previous change still
 * compiling, a sign-in being checked) is sent again after its Retry-After.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    // A file (an import) goes as itself; everything else as JSON.
    const file = body instanceof Blob;
    const res = await fetch(`${CONSOLE_API}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': file ? 'application/octet-stream' : 'application/json' },
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
    const payload = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
    const wait = Number(res.headers.get('Retry-After'));
    if (payload.code === 'busy' && wait > 0 && wait <= QUIET_RETRY_SECONDS && attempt < QUIET_RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, payload.error ?? `HTTP ${res.status}`, payload);
    return payload as T;
  }
}

/** The address of a file the console API sends as a download (a CSV export, a modules file). */
export const downloadUrl = (path: string): string => `${CONSOLE_API}${path}`;

/** A file as base64, the way the console API takes uploads: inside a JSON body like every other request. */
export function fileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
