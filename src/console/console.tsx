import { useEffect, useState } from 'preact/hooks';
import { can, type ConsoleUser } from '../shared/console/access.ts';
import type { SiteInfo } from '../shared/roster/roster.ts';
import { api } from './api.ts';
import { navigate, usePage, type Page } from './router.ts';
import { CONSOLE_LANGUAGES, saveLanguage, savedLanguage, stringsFor } from './strings.ts';
import { useApi } from './use-api.ts';
import { SignIn } from './pages/sign-in.tsx';
import { Reports } from './pages/reports.tsx';
import { Content } from './pages/content.tsx';
import { Campaigns } from './pages/campaigns.tsx';
import { CampaignReportPage } from './pages/campaign-report.tsx';
import { Editor } from './pages/editor.tsx';
import { People } from './pages/people.tsx';
import { Kiosks } from './pages/kiosks.tsx';
import { Posters } from './pages/posters.tsx';
import { Accounts } from './pages/accounts.tsx';
import { Audit } from './pages/audit.tsx';
import { Lrs } from './pages/lrs.tsx';
import type { ConsoleStrings } from './i18n/en.ts';

/** Navigation entries, each shown only to a role that may use the page behind it. */
type NavPage = Exclude<Page['name'], 'editor' | 'campaign'>;
/** Site pages are for whoever may read at least one site. */
const readsASite = (u: ConsoleUser) => (u.sites === null ? can(u, 'site.read') : u.sites.some((s) => can(u, 'site.read', s)));
const NAV: { page: NavPage; allowed: (u: ConsoleUser) => boolean }[] = [
  { page: 'reports', allowed: readsASite },
  { page: 'campaigns', allowed: (u) => can(u, 'campaign.manage') || readsASite(u) },
  { page: 'content', allowed: (u) => can(u, 'content.read') },
  { page: 'people', allowed: readsASite },
  { page: 'kiosks', allowed: readsASite },
  { page: 'posters', allowed: (u) => readsASite(u) || can(u, 'codes.manage') },
  { page: 'accounts', allowed: (u) => can(u, 'console.manage') },
  { page: 'lrs', allowed: (u) => can(u, 'console.manage') },
  { page: 'audit', allowed: (u) => can(u, 'console.manage') },
];

export function Console() {
  const [lang, setLang] = useState(savedLanguage);
  const t = stringsFor(lang);
  const [user, setUser] = useState<ConsoleUser | null | undefined>(undefined);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  const page = usePage();
  useEffect(() => {
    // A failure is said as it is, never shown as a sign-in form.
    api<{ user: ConsoleUser | null }>('GET', '/session').then(({ user }) => setUser(user), (e: Error) => setUnreachable(e.message));
  }, []);
  useEffect(() => { document.documentElement.lang = lang; }, [lang]);
  const sites = useApi<{ sites: SiteInfo[] }>(user ? '/sites' : null);
  const [siteId, setSiteId] = useState<string | null>(null);
  /** On a phone the nav folds behind a Menu button (console.css). */
  const [menuOpen, setMenuOpen] = useState(false);
  const siteList = sites.data?.sites ?? [];
  const site = siteList.find((s) => s.id === siteId) ?? siteList[0] ?? null;

  const chooseLanguage = (code: string) => { saveLanguage(code); setLang(code); };
  const signOut = async () => { await api('DELETE', '/session').catch(() => undefined); setUser(null); };

  const nav = user ? NAV.filter((n) => n.allowed(user)) : [];
  const shown = page.name === 'editor' ? 'content' : page.name === 'campaign' ? 'campaigns' : page.name;
  const props = user ? { t, user, sites: siteList, site } : null;
  const allowedHere = nav.some((n) => n.page === shown);

  return (
    <>
      <a class="skip" href="#main">{t.skip}</a>
      <header class="top">
        <span class="brand">{t.title}</span>
        {user && <button type="button" class="button secondary menu-toggle" aria-expanded={menuOpen} aria-controls="console-nav" onClick={() => setMenuOpen(!menuOpen)}>{t.menu}</button>}
        {user && (
          <nav aria-label={t.title} id="console-nav" class={menuOpen ? 'open' : undefined}>
            {nav.map((n) => (
              <a key={n.page} href={`/console/${n.page === 'reports' ? '' : n.page}`} aria-current={shown === n.page ? 'page' : undefined}
                onClick={(e) => { e.preventDefault(); setMenuOpen(false); navigate({ name: n.page } as Page); }}>{t.nav[n.page]}</a>
            ))}
          </nav>
        )}
        <label class="language">{t.language}
          <select value={lang} onChange={(e) => chooseLanguage((e.target as HTMLSelectElement).value)}>
            {CONSOLE_LANGUAGES.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
          </select>
        </label>
        {user && <span class="who">{t.signedInAs(user.name, user.role)}</span>}
        {user && <button type="button" class="button secondary" onClick={signOut}>{t.signOut}</button>}
      </header>
      <main id="main" tabIndex={-1}>
        {user === undefined && (unreachable ? <p class="error" role="alert">{t.failed(unreachable)}</p> : <p role="status">{t.loading}</p>)}
        {user === null && <SignIn t={t} onSignedIn={setUser} />}
        {props && siteList.length > 1 && !['content', 'editor', 'accounts', 'lrs', 'audit', 'campaigns', 'campaign'].includes(page.name) && (
          <label class="field site-choice">{t.site}
            <select value={site?.id} onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}>
              {siteList.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.id})</option>)}
            </select>
          </label>
        )}
        {props && !allowedHere && nav[0] && <NotAllowed t={t} first={nav[0].page} />}
        {props && allowedHere && page.name === 'reports' && <Reports {...props} />}
        {props && allowedHere && page.name === 'campaigns' && <Campaigns {...props} />}
        {props && allowedHere && page.name === 'campaign' && <CampaignReportPage {...props} id={page.id} />}
        {props && allowedHere && page.name === 'content' && <Content {...props} />}
        {props && allowedHere && page.name === 'editor' && <Editor {...props} file={page.file} />}
        {props && allowedHere && page.name === 'people' && <People {...props} />}
        {props && allowedHere && page.name === 'kiosks' && <Kiosks {...props} />}
        {props && allowedHere && page.name === 'posters' && <Posters {...props} />}
        {props && allowedHere && page.name === 'accounts' && <Accounts {...props} />}
        {props && allowedHere && page.name === 'lrs' && <Lrs {...props} />}
        {props && allowedHere && page.name === 'audit' && <Audit {...props} />}
      </main>
    </>
  );
}

function NotAllowed({ t, first }: { t: ConsoleStrings; first: NavPage }) {
  useEffect(() => navigate({ name: first } as Page), [first]);
  return <p role="status">{t.loading}</p>;
}
