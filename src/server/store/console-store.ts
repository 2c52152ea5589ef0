import type { ImportReport } from '../../shared/console/import-report.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditAction, AuditEntry, ConsoleUser, Role } from '../../shared/console/access.ts';
import { sha256 } from './roster-rows.ts';
import type { Sql } from './sql.ts';

export type { AuditEntry };

export interface NewConsoleUser {
  email: string;
  name: string;
  role: Role;
  sites: string[] | null;
  passwordHash: string;
}

/** Console accounts, their sessions, the audit log and authors' drafts. */
export interface ConsoleStore {
  createUser(user: NewConsoleUser, now: number): Promise<ConsoleUser>;
  /** The account and its password hash, for signing in; null when there is none (or it is disabled). */
  userForSignIn(email: string): Promise<(ConsoleUser & { passwordHash: string }) | null>;
  users(): Promise<ConsoleUser[]>;
  userCount(): Promise<number>;
  /** A new session; the token goes in the cookie and only its digest is kept. */
  createSession(userId: string, now: number, lifetimeMs: number): Promise<{ token: string; expiresAt: number }>;
  /** The signed-in user behind a cookie's token, if the session is live. */
  userForSession(token: string, now: number): Promise<ConsoleUser | null>;
  revokeSession(token: string, now: number): Promise<void>;
  /** Signs a user out everywhere; returns how many sessions ended. */
  revokeSessionsOf(userId: string, now: number): Promise<number>;
  audit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Addresses this e-mail signed in from since `since` (from the audit log): where a stranger's lock does not reach. */
  signInAddresses(email: string, since: number): Promise<string[]>;
  auditLog(limit: number): Promise<AuditEntry[]>;
  /** Saves a draft's text; an import's report comes with it once and is kept through later saves, until the next import of that name. */
  saveDraft(authorId: string, name: string, source: string, now: number, report?: ImportReport): Promise<void>;
  draft(authorId: string, name: string): Promise<{ name: string; source: string; updatedAt: number; report: ImportReport | null } | null>;
  drafts(authorId: string): Promise<{ name: string; updatedAt: number }[]>;
  deleteDraft(authorId: string, name: string): Promise<void>;
}

interface UserRow { id: string; email: string; name: string; role: string; sites: string | null; password_hash: string }

const userFromRow = (r: UserRow): ConsoleUser => ({
  id: r.id, email: r.email, name: r.name, role: r.role as Role, sites: r.sites === null ? null : (JSON.parse(r.sites) as string[]),
});

export function consoleStore(sql: Sql): ConsoleStore {
  return {
    async createUser(user, now) {
      const id = randomUUID();
      await sql.run('INSERT INTO console_users (id, email, name, role, sites, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [id, user.email.toLowerCase(), user.name, user.role, user.sites === null ? null : JSON.stringify(user.sites), user.passwordHash, now]);
      return { id, email: user.email.toLowerCase(), name: user.name, role: user.role, sites: user.sites };
    },
    async userForSignIn(email) {
      const [row] = await sql.all<UserRow>('SELECT * FROM console_users WHERE email = ? AND disabled_at IS NULL', [email.toLowerCase()]);
      return row ? { ...userFromRow(row), passwordHash: row.password_hash } : null;
    },
    async users() {
      return (await sql.all<UserRow>('SELECT * FROM console_users WHERE disabled_at IS NULL ORDER BY email')).map(userFromRow);
    },
    async userCount() {
      const [row] = await sql.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM console_users');
      return Number(row?.n ?? 0);
    },
    async createSession(userId, now, lifetimeMs) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + lifetimeMs;
      await sql.run('INSERT INTO console_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [sha256(token), userId, now, expiresAt]);
      return { token, expiresAt };
    },
    async userForSession(token, now) {
      const [row] = await sql.all<UserRow>(
        `SELECT u.* FROM console_sessions s JOIN console_users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled_at IS NULL`, [sha256(token), now]);
      return row ? userFromRow(row) : null;
    },
    async revokeSession(token, now) {
      await sql.run('UPDATE console_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [now, sha256(token)]);
    },
    async revokeSessionsOf(userId, now) {
      return sql.run('UPDATE console_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
    },
    async audit(entry) {
      await sql.run('INSERT INTO audit_log (id, at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)',
        [randomUUID(), entry.at, entry.userId, entry.action, entry.target, entry.detail]);
    },
    async signInAddresses(email, since) {
      const rows = await sql.all<{ detail: string }>(
        "SELECT DISTINCT detail FROM audit_log WHERE target = ? AND action = 'session.sign-in' AND at > ?", [email.toLowerCase(), since]);
      return rows.map((r) => r.detail);
    },
    async auditLog(limit) {
      const rows = await sql.all<{ id: string; at: number | string; user_id: string; action: string; target: string; detail: string }>(
        'SELECT * FROM audit_log ORDER BY at DESC, id LIMIT ?', [limit]);
      // Rows are written only with AuditAction values (the type of audit()'s entry).
      return rows.map((r) => ({ id: r.id, at: Number(r.at), userId: r.user_id, action: r.action as AuditAction, target: r.target, detail: r.detail }));
    },
    async saveDraft(authorId, name, source, now, report) {
      if (report) {
        await sql.run(`INSERT INTO drafts (author_id, name, source, updated_at, import_report) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (author_id, name) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at, import_report = excluded.import_report`, [authorId, name, source, now, JSON.stringify(report)]);
        return;
      }
      await sql.run(`INSERT INTO drafts (author_id, name, source, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (author_id, name) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at`, [authorId, name, source, now]);
    },
    async draft(authorId, name) {
      const [row] = await sql.all<{ name: string; source: string; updated_at: number | string; import_report: string | null }>('SELECT name, source, updated_at, import_report FROM drafts WHERE author_id = ? AND name = ?', [authorId, name]);
      // The report is the server's own JSON, written above.
      return row ? { name: row.name, source: row.source, updatedAt: Number(row.updated_at), report: row.import_report ? JSON.parse(row.import_report) as ImportReport : null } : null;
    },
    async drafts(authorId) {
      const rows = await sql.all<{ name: string; updated_at: number | string }>('SELECT name, updated_at FROM drafts WHERE author_id = ? ORDER BY name', [authorId]);
      return rows.map((r) => ({ name: r.name, updatedAt: Number(r.updated_at) }));
    },
    async deleteDraft(authorId, name) {
      await sql.run('DELETE FROM drafts WHERE author_id = ? AND name = ?', [authorId, name]);
    },
  };
}
