import type { ServerResponse } from 'node:http';
import { RESOURCE_HEADERS } from './http-policy.ts';

/** A short plain-text answer for people and logs: errors outside the JSON API. */
export function sendText(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(RESOURCE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${message}\n`);
}
