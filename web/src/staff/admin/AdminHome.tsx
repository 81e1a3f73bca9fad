// The admin console's start page: one card per section.
import { Link } from '../../app/router';
import { useStaffT, type StaffKey } from '../t';
import { ADMIN_SECTIONS, AdminPage } from './common';

export function AdminHome() {
  const t = useStaffT();
  return (
    <AdminPage title={t('admin.title')} lead={t('admin.lead')}>
      {() => (
        <ul className="admin-cards">
          {ADMIN_SECTIONS.map(([slug, key]) => (
            <li key={slug}>
              <Link to={`/staf/admin/${slug}`} className="admin-card">
                <span className="admin-card__title">{t(key)}</span>
                <span className="admin-card__text">{t(`${key}.about` as StaffKey)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </AdminPage>
  );
}
