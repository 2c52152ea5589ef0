import { render } from 'preact';
import { App } from './app.tsx';
import { savedLanguage } from './hooks/use-language.ts';
import { preferredLanguage } from './i18n/index.ts';
import { enrollCodeIn } from './page-start.ts';
import { parseRoute } from './router.ts';

render(
  <App start={{
    route: parseRoute(location.pathname, location.search),
    enrollCode: enrollCodeIn(location.hash),
    online: navigator.onLine,
    secure: isSecureContext,
    lang: savedLanguage() ?? preferredLanguage(navigator.languages),
  }} />,
  document.getElementById('app')!,
);
