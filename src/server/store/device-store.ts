import { randomBytes, randomUUID } from 'node:crypto';
import type { Person, SiteInfo } from '../../shared/roster/roster.ts';
import type { AssignmentStore } from './assignment-store.ts';
import { deviceFromRow, devicesAt, randomCode, requirePerson, requireSite, sha256, SiteError, type DeviceDbRow, type DeviceRow } from './roster-rows.ts';
import type { Sql } from './sql.ts';

export type { DeviceRow };

/** Kiosks: one-time enrollment codes, the credential a code is traded for, revocation, and what each kiosk last reported. */
export interface DeviceStore {
  /** A one-time code that enrolls one kiosk at a site (or enrolls `forDevice` again). Only its hash is kept. */
  createEnrollmentCode(siteId: string, label: string, validMs: number, now: number, forDevice?: string | null): Promise<{ code: string; expiresAt: number }>;
  /** A one-time link for one person's own phone: the device it enrolls records for them alone. */
  createPhoneLink(personId: string, validMs: number, now: number): Promise<{ code: string; expiresAt: number; siteId: string; name: string }>;
  /**
   * Trades a code for a device credential. A device id that is already
   * enrolled (revoked or not) is enrolled again only with a code made for
   * that device: that is how an admin lets a revoked kiosk's queued records
   * in, and why a code alone can never take over another kiosk's id.
   */
  enroll(code: string, deviceId: string, now: number, admit?: (siteId: string) => void, as?: 'kiosk' | 'phone'): Promise<{ token: string; site: SiteInfo; label: string; learner: Pick<Person, 'id' | 'name' | 'lang'> | null }>;
  deviceForToken(token: string): Promise<DeviceRow | null>;
  /**
   * A kiosk that can never reach the server, enrolled here for it: a new
   * device id and credential, handed over in a sealed file (shared/enrollment-file.ts)
   * with a one-time code made by `code`, which is kept nowhere.
   */
  enrollOffline(siteId: string, label: string, now: number): Promise<{ deviceId: string; token: string; site: SiteInfo; code: string }>;
  /** A device with the SHA-256 of its credential: what a records file it saved was sealed with (shared/sync/records-file.ts). */
  deviceWithDigest(deviceId: string): Promise<{ device: DeviceRow; credentialSha256: string } | null>;
  devices(siteId: string): Promise<DeviceRow[]>;
  /** The site a device belongs to, or null when there is no such device. */
  deviceSite(deviceId: string): Promise<string | null>;
  revokeDevice(deviceId: string, reason: string, now: number): Promise<DeviceRow>;
  /**
   * Notes a device's contact: when, how much it still had queued, and which
   * completions wait on it. A report replaces the device's last one, so an
   * entry it stops reporting is gone; only learners of the device's own
   * site, for modules assigned to them, are believed.
   */
  recordContact(device: Pick<DeviceRow, 'id' | 'siteId'>, now: number, queued: number | null, pending: readonly [string, string][] | null): Promise<void>;
}

/** What people type for a code: any case, with or without dashes and spaces. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function deviceStore(sql: Sql, assignments: AssignmentStore): DeviceStore {
  const newCode = async (siteId: string, label: string, validMs: number, now: number, forDevice: string | null, learnerId: string | null) => {
    const raw = randomCode(10);
    const expiresAt = now + validMs;
    await sql.run('INSERT INTO enrollment_codes (code_hash, site_id, label, created_at, expires_at, used_at, device_id, for_device, learner_id) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)',
      [sha256(raw), siteId, label, now, expiresAt, forDevice, learnerId]);
    return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt };
  };
  return {
    async createEnrollmentCode(siteId, label, validMs, now, forDevice = null) {
      await requireSite(sql, siteId);
      if (forDevice !== null) {
        const [known] = await sql.all<{ id: string }>('SELECT id FROM devices WHERE id = ?', [forDevice]);
        if (!known) throw new SiteError(404, `There is no enrolled device "${forDevice}" to enroll again: leave the device out for a new kiosk.`);
      }
      return newCode(siteId, label, validMs, now, forDevice, null);
    },

    async createPhoneLink(personId, validMs, now) {
      const person = await requirePerson(sql, personId);
      if (person.removed) throw new SiteError(404, `${personId} is no longer on a roster.`);
      return { ...(await newCode(person.site_id, person.name, validMs, now, null, person.id)), siteId: person.site_id, name: person.name };
    },

    async enroll(code, deviceId, now, admit = () => undefined, as = 'kiosk') {
      return sql.tx(async (q) => {
        const [row] = await q.all<{ site_id: string; label: string; expires_at: unknown; used_at: unknown; for_device: string | null; learner_id: string | null }>(
          'SELECT site_id, label, expires_at, used_at, for_device, learner_id FROM enrollment_codes WHERE code_hash = ?', [sha256(normaliseCode(code))]);
        if (!row) throw new SiteError(404, 'This enrollment code is not known: check it, or ask an administrator for a new one.');
        // The code names its site only now: a site under attack is held back here, before anything is issued.
        admit(row.site_id);
        const phone = row.learner_id !== null;
        if (phone !== (as === 'phone')) {
          throw new SiteError(409, phone ? 'This is a link for a worker\'s own phone: open it on that phone as a link, not as a kiosk\'s enrollment code.' : 'This is a kiosk enrollment code, not a phone link: enter it on the kiosk\'s set-up screen.', row.site_id);
        }
        if (row.used_at !== null) {
          throw new SiteError(410, phone ? 'This phone link was already used: each link works once. Ask your supervisor for a new one.' : 'This enrollment code was already used: each code enrolls one kiosk. Ask an administrator for a new one.', row.site_id);
        }
        if (Number(row.expires_at) <= now) throw new SiteError(410, phone ? 'This phone link has expired. Ask your supervisor for a new one.' : 'This enrollment code has expired. Ask an administrator for a new one.', row.site_id);
        const learner = phone ? await requirePerson(q, row.learner_id!) : null;
        if (learner && (learner.removed || learner.site_id !== row.site_id)) throw new SiteError(410, 'This phone link is for someone no longer on this site\'s roster.', row.site_id);
        const [existing] = await q.all<{ id: string; learner_id: string | null }>('SELECT id, learner_id FROM devices WHERE id = ?', [deviceId]);
        if (row.for_device !== null && row.for_device !== deviceId) throw new SiteError(409, 'This code enrolls one particular kiosk again, not this one. Ask an administrator for a code for this kiosk.', row.site_id);
        // A phone unlinked (or linked before) takes a new link for the same person: its unsent records then go through.
        const samePhone = phone && existing?.learner_id === row.learner_id;
        if (existing && row.for_device !== deviceId && !samePhone) {
          throw new SiteError(409, `This kiosk (${deviceId}) is already enrolled. To enroll it again, an administrator makes a re-enrollment code for this device.`, row.site_id);
        }
        const site = await requireSite(q, row.site_id);
        const token = randomBytes(32).toString('base64url');
        const changed = await q.run('UPDATE devices SET site_id = ?, label = ?, token_hash = ?, enrolled_at = ?, revoked_at = NULL, revoked_reason = NULL, learner_id = ? WHERE id = ?',
          [site.id, row.label, sha256(token), now, row.learner_id, deviceId]);
        if (!changed) {
          await q.run('INSERT INTO devices (id, site_id, label, token_hash, enrolled_at, revoked_at, revoked_reason, last_contact_at, reported_queued, learner_id) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)',
            [deviceId, site.id, row.label, sha256(token), now, row.learner_id]);
        }
        await q.run('UPDATE enrollment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?', [now, deviceId, sha256(normaliseCode(code))]);
        return { token, site, label: row.label, learner: learner && { id: learner.id, name: learner.name, lang: learner.lang } };
      });
    },

    async enrollOffline(siteId, label, now) {
      const site = await requireSite(sql, siteId);
      const deviceId = `dev-${randomUUID()}`;
      const token = randomBytes(32).toString('base64url');
      await sql.run('INSERT INTO devices (id, site_id, label, token_hash, enrolled_at, revoked_at, revoked_reason, last_contact_at, reported_queued, learner_id) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL)',
        [deviceId, site.id, label, sha256(token), now]);
      const code = randomCode(10);
      return { deviceId, token, site, code: `${code.slice(0, 5)}-${code.slice(5)}` };
    },

    async deviceForToken(token) {
      const [row] = await sql.all<DeviceDbRow>('SELECT * FROM devices WHERE token_hash = ?', [sha256(token)]);
      return row ? deviceFromRow(row) : null;
    },

    async deviceWithDigest(deviceId) {
      const [row] = await sql.all<DeviceDbRow & { token_hash: string }>('SELECT * FROM devices WHERE id = ?', [deviceId]);
      return row ? { device: deviceFromRow(row), credentialSha256: row.token_hash } : null;
    },

    async devices(siteId) {
      await requireSite(sql, siteId);
      return devicesAt(sql, siteId);
    },
    async deviceSite(deviceId) {
      const [row] = await sql.all<{ site_id: string }>('SELECT site_id FROM devices WHERE id = ?', [deviceId]);
      return row?.site_id ?? null;
    },

    async revokeDevice(deviceId, reason, now) {
      await sql.run('UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', [now, reason, deviceId]);
      const [row] = await sql.all<DeviceDbRow>('SELECT * FROM devices WHERE id = ?', [deviceId]);
      if (!row) throw new SiteError(404, `There is no enrolled device "${deviceId}".`);
      return deviceFromRow(row);
    },

    async recordContact(device, now, queued, pending) {
      const assigned = pending?.length ? await assignments.assignedPairs(device.siteId) : new Set<string>();
      await sql.tx(async (q) => {
        const deviceId = device.id;
        await q.run('UPDATE devices SET last_contact_at = ?, reported_queued = COALESCE(?, reported_queued) WHERE id = ?', [now, queued, deviceId]);
        if (pending === null) return;
        await q.run('DELETE FROM device_pending WHERE device_id = ?', [deviceId]);
        const unique = new Map(pending.filter(([learner, module]) => assigned.has(`${learner} ${module}`)).map(([learner, module]) => [`${learner} ${module}`, [learner, module] as const]));
        for (const [learner, module] of unique.values()) {
          await q.run('INSERT INTO device_pending (device_id, learner_id, module_id) VALUES (?, ?, ?)', [deviceId, learner, module]);
        }
      });
    },
  };
}
