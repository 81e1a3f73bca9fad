// The citizen portal's pages (public, no login needed except /akun).
import { match } from '../app/router';
import { HomePage } from './HomePage';
import { ReportPage } from './ReportPage';
import { TrackPage } from './TrackPage';
import { ComplaintPage } from './ComplaintPage';
import { FeedPage } from './FeedPage';
import { LoginPage } from './LoginPage';
import { AccountPage } from './AccountPage';
import { RegisterPage } from './RegisterPage';
import { NotFoundPage } from './NotFoundPage';

export function CitizenRoutes({ path }: { path: string }) {
  if (path === '/') return <HomePage />;
  if (path === '/lapor') return <ReportPage />;
  if (path === '/lacak') return <TrackPage />;
  const tracked = match('/lacak/:tn', path);
  if (tracked) return <ComplaintPage key={tracked.tn} trackingNumber={tracked.tn!} />;
  if (path === '/aduan') return <FeedPage />;
  if (path === '/masuk') return <LoginPage />;
  if (path === '/akun') return <AccountPage />;
  if (path === '/daftar') return <RegisterPage />;
  return <NotFoundPage />;
}
