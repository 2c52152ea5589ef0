import { useState } from 'preact/hooks';
import { can } from '../../shared/console/access.ts';
import type { EnrollmentCodeAnswer } from '../../shared/console/content.ts';
import type { DeviceRow } from '../../shared/console/report.ts';
import type { Person, PhoneLinkAnswer } from '../../shared/roster/roster.ts';
import { api, downloadUrl } from '../api.ts';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import { RecordsImport } from './records-import.tsx';
import { SetUpFileForm } from './set-up-file.tsx';


export function Kiosks({ t, user, site }: PageProps) {
  const k = t.kiosks;
  const base = site ? `/sites/${encodeURIComponent(site.id)}` : null;
  const devices = useApi<{ devices: DeviceRow[] }>(base && `${base}/devices`);
  // The people list is for linking a phone: read only by who may link one.
  const people = useApi<{ people: Person[] }>(base && site && can(user, 'site.manage', site.id) ? `${base}/people` : null);
  const [code, setCode] = useState<EnrollmentCodeAnswer | null>(null);
  const [phone, setPhone] = useState<PhoneLinkAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!site || !base) return <p>{t.noSites}</p>;
  const manage = can(user, 'site.manage', site.id);

  const createCode = async (e: Event) => {
    e.preventDefault();
    const label = String(new FormData(e.target as HTMLFormElement).get('label') ?? '');
    try {
      setCode(await api<EnrollmentCodeAnswer>('POST', `${base}/enrollment-codes`, { label }));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const linkPhone = async (e: Event) => {
    e.preventDefault();
    const person = String(new FormData(e.target as HTMLFormElement).get('person') ?? '');
    try {
      setPhone(await api<PhoneLinkAnswer>('POST', `/people/${encodeURIComponent(person)}/phone-link`));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (e: Event, device: string) => {
    e.preventDefault();
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '');
    try {
      await api('POST', `/devices/${encodeURIComponent(device)}/revoke`, { reason });
      devices.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const when = (ms: number | null) => (ms === null ? t.reports.never : new Date(ms).toLocaleString());

  return (
    <section data-testid="kiosks">
      <h1>{k.heading}: {site.name}</h1>
      {manage && (
        <form class="card" onSubmit={createCode} data-testid="enroll-form">
          <h2>{k.newCode}</h2>
          <label class="field">{k.label}<input name="label" required maxLength={60} /></label>
          <button type="submit" class="button">{k.create}</button>
          {code && (
            <div data-testid="enrollment-code" aria-live="polite">
              <p class="code-text">{k.code(code.code, new Date(code.expiresAt).toLocaleString())}</p>
              <p>{k.link} <a href={code.link} data-testid="enroll-link">{code.link}</a></p>
              <img class="qr" alt={k.qr} width={240} height={240} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.qrSvg)}`} />
            </div>
          )}
        </form>
      )}
      {manage && (
        <form class="card" onSubmit={linkPhone} data-testid="phone-form">
          <h2>{k.phoneHeading}</h2>
          <p>{k.phoneExplain}</p>
          <label class="field">{k.phonePerson}
            <select name="person" required>
              {people.data?.people.slice().sort((a, b) => a.name.localeCompare(b.name)).map((p) => <option key={p.id} value={p.id}>{t.reports.personNamed(p.name, p.id)}</option>)}
            </select>
          </label>
          <button type="submit" class="button">{k.phoneCreate}</button>
          {phone && (
            <div data-testid="phone-link" aria-live="polite">
              <p class="code-text">{k.phoneLink(phone.name, new Date(phone.expiresAt).toLocaleTimeString())}</p>
              <p><a href={phone.link} data-testid="phone-link-address">{phone.link}</a></p>
              <img class="qr" alt={k.phoneQr(phone.name)} width={240} height={240} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(phone.qrSvg)}`} />
            </div>
          )}
        </form>
      )}
      {manage && <SetUpFileForm t={t} base={base} onMade={devices.reload} />}
      {manage && (
        <div class="card" data-testid="modules-file">
          <h2>{k.modulesHeading}</h2>
          <p>{k.modulesExplain}</p>
          <a class="button" href={downloadUrl(`${base}/modules-file`)} download>{k.modulesDownload}</a>
        </div>
      )}
      {manage && <RecordsImport t={t} onImported={devices.reload} />}
      {error && <p class="error" role="alert">{t.failed(error)}</p>}
      {devices.data && (
        <div class="table-wrap" tabIndex={0}>
          <table data-testid="devices">
            <thead><tr><th scope="col">{k.kiosk}</th><th scope="col">{k.lastContact}</th><th scope="col">{k.queued}</th><th scope="col">{k.status}</th></tr></thead>
            <tbody>{devices.data.devices.map((d) => (
              <tr key={d.id} data-device={d.id}>
                <th scope="row">{d.learnerId ? k.phoneOf(d.label) : d.label}<br /><small>{d.id}</small></th>
                <td>{when(d.lastContactAt)}</td>
                <td>{d.reportedQueued ?? k.unknown}</td>
                <td>
                  {d.revokedAt !== null ? (d.learnerId ? k.unlinked(d.revokedReason ?? '') : k.revoked(d.revokedReason ?? '')) : k.active}
                  {d.revokedAt === null && manage && (
                    <form class="inline" onSubmit={(e) => revoke(e, d.id)}>
                      <label class="field">{k.reason}<input name="reason" required maxLength={200} /></label>
                      <button type="submit" class="button danger">{d.learnerId ? k.unlink : k.revoke}<span class="visually-hidden"> {d.learnerId ? k.phoneOf(d.label) : d.label}</span></button>
                    </form>
                  )}
                </td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
