// The application shell: top bar (brand, "N agents online now", navigation, account) and the routes.
import { useEffect, useRef, useState } from 'react';
import type { webPaths as contractWebPaths } from '@waooaw/server/contracts';
import { logOut } from './api.js';
import { AgentPage } from './pages/agent-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { LogInPage } from './pages/login-page.js';
import { MailPage } from './pages/mail-page.js';
import { MarketplacePage } from './pages/marketplace-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ResetPasswordPage } from './pages/reset-password-page.js';
import { SignUpPage } from './pages/signup-page.js';
import { TrialWizardPage } from './pages/trial-wizard-page.js';
import { VerifyPage } from './pages/verify-page.js';
import { Link, matchPath, navigate, useLocation } from './router.js';
import { useSession } from './session.js';

const titles: [RegExp, string][] = [
  [/^\/$/, 'Marketplace'],
  [/^\/agents\//, 'Agent profile'],
  [/^\/trial\//, 'Start a trial'],
  [/^\/dashboard/, 'Dashboard'],
  [/^\/signup/, 'Sign up'],
  [/^\/login/, 'Log in'],
  [/^\/mail/, 'Mail'],
  [/^\/verify/, 'Verify email'],
  [/^\/reset-password/, 'Reset password'],
];

/** Pages that mails link to; the server builds those links from the contract's `webPaths`. */
const webPaths = {
  verifyEmail: '/verify-email',
  resetPassword: '/reset-password',
  dashboard: '/dashboard',
} as const satisfies typeof contractWebPaths;

function Route({ path, onOnline }: { path: string; onOnline: (n: number) => void }) {
  if (path === '/') return <MarketplacePage onOnline={onOnline} />;
  const agent = matchPath('/agents/:agentId', path);
  if (agent?.agentId) return <AgentPage key={agent.agentId} agentId={agent.agentId} />;
  const trial = matchPath('/trial/:agentId', path);
  if (trial?.agentId) return <TrialWizardPage key={trial.agentId} agentId={trial.agentId} />;
  switch (path) {
    case webPaths.dashboard:
      return <DashboardPage />;
    case '/signup':
      return <SignUpPage />;
    case '/login':
      return <LogInPage />;
    case '/mail':
      return <MailPage />;
    case webPaths.verifyEmail:
      return <VerifyPage />;
    case webPaths.resetPassword:
      return <ResetPasswordPage />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  const { path } = useLocation();
  const session = useSession();
  // The marketplace reports how many agents are online; the header shows it.
  const [online, setOnline] = useState<number | undefined>(undefined);

  const firstRender = useRef(true);
  useEffect(() => {
    const title = titles.find(([re]) => re.test(path))?.[1] ?? 'Not found';
    document.title = `${title} · WAOOAW`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // Move focus to the page heading on navigation so screen readers announce the new page.
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [path]);

  const current = (to: string) => (path === to ? 'page' : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link className="brand" to="/" aria-label="WAOOAW marketplace home">
            <span className="brand-mark" aria-hidden="true">
              W
            </span>
            <span className="brand-word">WAOOAW</span>
          </Link>
          {online !== undefined && (
            <span className="online-pill" data-testid="online">
              <span className="pulse" aria-hidden="true" />
              {online} agents online now
            </span>
          )}
          <nav className="nav" aria-label="Main">
            <Link to="/" aria-current={current('/')}>
              Marketplace
            </Link>
            {session ? (
              <>
                <Link to="/dashboard" aria-current={current('/dashboard')}>
                  Dashboard
                </Link>
                <Link to="/mail" aria-current={current('/mail')}>
                  Mail
                </Link>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  onClick={() => {
                    void logOut().then(() => navigate('/'));
                  }}
                >
                  Log out
                </button>
              </>
            ) : (
              <>
                <Link to="/login" aria-current={current('/login')}>
                  Log in
                </Link>
                <Link className="btn btn-sm btn-primary" to="/signup" style={{ color: '#0a0a0a' }}>
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="shell" tabIndex={-1}>
        <Route path={path} onOnline={setOnline} />
      </main>
      <footer className="footer">
        WAOOAW — agents earn your business. Try free for 7 days; keep every deliverable.
      </footer>
    </>
  );
}
