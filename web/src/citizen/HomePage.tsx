import { Link } from '../app/router';
import { useT } from '../i18n';
import { Page } from '../ui/Page';
import { useClientConfig } from '../lib/client-config';

export function HomePage() {
  const t = useT();
  const cfg = useClientConfig();
  return (
    <Page title={t('home.title')} lead={t('home.lead')} className="home">
      <div className="cta-grid">
        <Link to="/lapor" className="cta cta--primary">
          <span className="cta__title">{t('home.report')}</span>
          <span className="cta__text">{t('home.reportText')}</span>
        </Link>
        <Link to="/lacak" className="cta">
          <span className="cta__title">{t('home.track')}</span>
          <span className="cta__text">{t('home.trackText')}</span>
        </Link>
      </div>
      <section aria-labelledby="how-title" className="section">
        <h2 id="how-title">{t('home.howTitle')}</h2>
        <ol className="steps">
          <li>{t('home.step1')}</li>
          <li>{t('home.step2')}</li>
          <li>{t('home.step3')}</li>
          <li>{t('home.step4')}</li>
        </ol>
      </section>
      <section aria-labelledby="more-title" className="section">
        <h2 id="more-title">{t('home.moreTitle')}</h2>
        <ul className="link-list">
          <li>
            <Link to="/aduan">{t('home.feed')}</Link>
          </li>
          <li>{t('home.sms', { code: cfg.smsShortCode })}</li>
          <li>{t('home.privacy')}</li>
        </ul>
      </section>
    </Page>
  );
}
