/**
 * The serving process's settings, read from the environment once and checked
 * before anything listens: a typo in a deployment should stop the start with
 * the variable's name, not surface later as a kiosk that cannot work offline.
 */
import { existsSync } from 'node:fs';
import { parseProxyTrust, type ProxyTrust } from './client-address.ts';
import { DEFAULT_SESSION_HOURS, DEFAULT_TLS_GROUPS, groupsProblem, MAX_SESSION_HOURS, type TlsChoices } from './tls-settings.ts';
import { parseLrsAddress, type LrsEndpoint } from './xapi/lrs-endpoint.ts';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** Key-exchange groups and session tickets (src/server/tls-settings.ts). */
  choices: TlsChoices;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** PEM certificate chain and key: HTTPS with HTTP/2 (HTTP/1.1 by ALPN) and HSTS; null serves plain HTTP. */
  tls: TlsFiles | null;
  /** A plain-HTTP port that only redirects to HTTPS. */
  redirectPort: number | null;
  /** Which peers may say, in X-Forwarded-For / X-Forwarded-Proto, who the client is and how it connected. */
  trustProxy: ProxyTrust;
  /**
   * The address people use for this server ("https://training.plant.example"), from PUBLIC_URL: the links
   * it prints and the enrollment links the console makes use it, so a kiosk never enrolls at another origin
   * (its own storage and worker) than the one the console shows. Null: the address each request came to.
   */
  publicUrl: string | null;
  /** LRS_ENDPOINT, LRS_KEY, LRS_SECRET: the learning record store every stored record is forwarded to, as xAPI statements; null: none. */
  lrs: LrsEndpoint | null;
}

export class ConfigError extends Error {}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`${name}: "${raw}" is not a port number (0 to 65535).`);
  return port;
}

export function serverConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const certFile = env.TLS_CERT?.trim();
  const keyFile = env.TLS_KEY?.trim();
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError('TLS_CERT and TLS_KEY go together: set both (PEM files) for HTTPS, or neither for plain HTTP.');
  for (const [name, file] of [['TLS_CERT', certFile], ['TLS_KEY', keyFile]] as const) {
    if (file && !existsSync(file)) throw new ConfigError(`${name}: no file at ${file}.`);
  }
  const tls = certFile && keyFile ? { certFile, keyFile, choices: tlsChoices(env) } : null;
  const redirectPort = portFrom(env, 'HTTP_REDIRECT_PORT', null);
  if (redirectPort !== null && !tls) throw new ConfigError('HTTP_REDIRECT_PORT redirects to HTTPS: it needs TLS_CERT and TLS_KEY.');
  let trustProxy: ProxyTrust;
  try {
    trustProxy = parseProxyTrust(env.TRUST_PROXY);
  } catch (err) {
    throw new ConfigError(`TRUST_PROXY: ${(err as Error).message}`);
  }
  const publicUrl = publicUrlFrom(env);
  return { port: portFrom(env, 'PORT', 8080)!, host: env.HOST?.trim() || '0.0.0.0', tls, redirectPort, trustProxy, publicUrl, lrs: lrsFrom(env, publicUrl) };
}

function lrsFrom(env: NodeJS.ProcessEnv, publicUrl: string | null): LrsEndpoint | null {
  const [endpoint, key, secret] = (['LRS_ENDPOINT', 'LRS_KEY', 'LRS_SECRET'] as const).map((name) => env[name]?.trim() ?? '');
  if (!endpoint && !key && !secret) return null;
  if (!endpoint || !key || !secret) throw new ConfigError('LRS_ENDPOINT, LRS_KEY and LRS_SECRET go together: the LRS\'s xAPI address and the key and secret it gave this server (Basic auth).');
  const address = parseLrsAddress(endpoint);
  if ('problem' in address) throw new ConfigError(`LRS_ENDPOINT: ${address.problem}.`);
  // Statements name people and activities under the server's address: it must be the same every time they are sent.
  if (!publicUrl) throw new ConfigError('LRS_ENDPOINT needs PUBLIC_URL: xAPI statements name people and activities under this server\'s address, which must not depend on how a request reached it.');
  return { endpoint: address.endpoint, key, secret };
}

function publicUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new ConfigError(`PUBLIC_URL: "${raw}" is not an address such as https://training.plant.example (http or https, a host and perhaps a port, nothing after).`);
  }
  return url.origin;
}

function tlsChoices(env: NodeJS.ProcessEnv): TlsChoices {
  const groups = env.TLS_GROUPS?.trim() || DEFAULT_TLS_GROUPS;
  const problem = groupsProblem(groups);
  if (problem) throw new ConfigError(`TLS_GROUPS: ${problem}`);
  const hours = env.TLS_SESSION_HOURS?.trim();
  const sessionHours = hours ? Number(hours) : DEFAULT_SESSION_HOURS;
  if (!Number.isInteger(sessionHours) || sessionHours < 0 || sessionHours > MAX_SESSION_HOURS) {
    throw new ConfigError(`TLS_SESSION_HOURS: "${hours}" is not a whole number of hours from 0 (no session tickets) to ${MAX_SESSION_HOURS}.`);
  }
  return { groups, sessionHours };
}
