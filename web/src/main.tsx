// Entry of the web app (the citizen chunk): providers, shell, service worker, offline outbox.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n';
import { SessionProvider } from './lib/session';
import { App } from './app/App';
import { startOutbox } from './lib/outbox';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);

// The service worker keeps the app shell for offline use and sends queued complaints (Background Sync).
// Browsers allow it on https and on localhost only; elsewhere the page sends the queue itself.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  });
}
startOutbox();
