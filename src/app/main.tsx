import { render } from 'preact';
import { App } from './app.tsx';
import { savedLanguage } from './hooks/use-language.ts';
import { preferredLanguage } from './i18n/index.ts';
import { parseRoute } from './router.ts';

// An enrollment link opened in a tab that already runs the app changes only the hash: start afresh to read it.
addEventListener('hashchange', () => { if (/^#(enroll|link)=/.test(location.hash)) location.reload(); });

render(
  <App start={{
    route: parseRoute(location.pathname, location.search),
    enrollCode: /^#enroll=([\w-]{4,40})$/.exec(location.hash)?.[1] ?? null,
    linkCode: /^#link=([\w-]{4,40})$/.exec(location.hash)?.[1] ?? null,
    online: navigator.onLine,
    secure: isSecureContext,
    lang: savedLanguage() ?? preferredLanguage(navigator.languages),
  }} />,
  document.getElementById('app')!,
);
