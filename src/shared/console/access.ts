/**
 * Who may do what in the L&D console. Pure, and shared: the server decides
 * with it, the console only uses it to leave out what would be refused.
 */
export const ROLES = ['admin', 'publisher', 'author', 'site-admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** The module list, drafts and previews. */
  | 'content.read'
  | 'content.write'
  | 'content.publish'
  /** A site's reports: matrix, sign-offs, quiz results. */
  | 'site.read'
  /** A site's people, roster, assignments, kiosks. */
  | 'site.manage'
  /** Console accounts and the audit log. */
  | 'console.manage'
  /** Campaigns: define them, and read their reports for every site (aggregated, under the privacy rule). */
  | 'campaign.manage'
  /** Move a person from one site's roster to another's: only someone who sees every site. */
  | 'people.move'
  /** A site's QR poster codes: make them, print posters, retire them. */
  | 'codes.manage';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['content.read', 'content.write', 'content.publish', 'site.read', 'site.manage', 'console.manage', 'campaign.manage', 'people.move', 'codes.manage'],
  publisher: ['content.read', 'content.write', 'content.publish', 'campaign.manage', 'codes.manage'],
  author: ['content.read', 'content.write'],
  'site-admin': ['site.read', 'site.manage', 'content.read', 'codes.manage'],
  viewer: ['site.read'],
};

/** Site-scoped permissions: granted only for the user's sites, unless the user has every site (`sites: null`). */
const SITE_SCOPED = new Set<Permission>(['site.read', 'site.manage', 'codes.manage']);

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The sites a site admin or viewer may see; null for every site (admins, and content roles, which have none). */
  sites: string[] | null;
}

/** One change in the audit log. */
/** A console account locked by failed sign-ins: from anywhere it never signed in from, or (addresses) from those addresses only. */
export interface AccountLock {
  account: string;
  name: string;
  until: number;
  failures: number;
  /** Addresses locked for this account; empty: the account is locked from every address it did not sign in from before. */
  addresses: string[];
}

/** Everything the audit log records, as the server writes it; the console says each in words (its strings are typed against this list). */
export const AUDIT_ACTIONS = [
  'session.sign-in', 'session.refused', 'session.locked', 'session.unlock', 'session.sign-out',
  'content.publish', 'content.unpublish', 'content.rollback', 'content.import', 'content.image', 'content.image-replace', 'content.draft-create', 'content.draft-delete',
  'site.roster', 'site.settings', 'site.assignment', 'site.enrollment-code', 'site.enrollment-file', 'site.passphrase', 'site.outcomes', 'site.code-create', 'site.code-retire', 'site.phone-link',
  'device.revoke', 'device.records-import', 'console.user-create', 'console.sessions-revoke',
  'campaign.create', 'campaign.change', 'campaign.remove',
  'lrs.settings',
  'data.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: number;
  /** The console account that made the change, or "admin-token" for automation. */
  userId: string;
  /** What was done, as a dotted verb: "content.publish", "site.roster", "session.sign-in". */
  action: AuditAction;
  /** What it was done to: a module, a site, a device, an account. */
  target: string;
  detail: string;
}

/** Whether `user` may do `permission`, at `siteId` when it is about one site. */
export function can(user: Pick<ConsoleUser, 'role' | 'sites'>, permission: Permission, siteId?: string): boolean {
  if (!GRANTS[user.role].includes(permission)) return false;
  if (!SITE_SCOPED.has(permission) || user.sites === null) return true;
  return siteId !== undefined && user.sites.includes(siteId);
}

/** Sites among `all` that `user` may read reports of. */
export function visibleSites<S extends { id: string }>(user: Pick<ConsoleUser, 'role' | 'sites'>, all: readonly S[]): S[] {
  return all.filter((s) => can(user, 'site.read', s.id));
}

export const CONSOLE_API = '/api/v1/console';
export const CONSOLE_PATH = '/console/';
