// The application shell (the layout route): top bar (brand, "N agents online now", navigation,
// account), the current page in <Outlet>, the document title from the route, focus and scroll on
// navigation, and dropping another user's cached data when the session changes.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useMatches, useNavigate } from 'react-router';
import { logOut } from './api.js';
import { useSession } from './session.js';

/** What a route tells the shell about itself (its `handle`). */
export interface RouteHandle {
  title: string;
}

/** What the shell offers its pages through the outlet context. */
export interface ShellContext {
  /** The marketplace reports how many agents are online; the header shows it. */
  onOnline: (n: number) => void;
}

function useDocumentTitle(): void {
  const matches = useMatches();
  const title =
    [...matches]
      .reverse()
      .map((m) => (m.handle as RouteHandle | undefined)?.title)
      .find(Boolean) ?? 'Not found';
  useEffect(() => {
    document.title = `${title} · WAOOAW`;
  }, [title]);
}

export function App() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const queryClient = useQueryClient();
  const [online, setOnline] = useState<number | undefined>(undefined);
  const [context] = useState<ShellContext>(() => ({ onOnline: setOnline }));
  useDocumentTitle();

  const userId = session?.user.id;
  useEffect(() => {
    // Signed out, or another account signed in (here or in another tab): forget everyone else's data.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === 'user' && q.queryKey[1] !== userId });
  }, [queryClient, userId]);

  const firstRender = useRef(true);
  useEffect(() => {
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
  }, [pathname]);

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
            <NavLink to="/" end>
              Marketplace
            </NavLink>
            {session ? (
              <>
                <NavLink to="/dashboard" end>
                  Dashboard
                </NavLink>
                <NavLink to="/mail" end>
                  Mail
                </NavLink>
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
                <NavLink to="/login" end>
                  Log in
                </NavLink>
                <Link className="btn btn-sm btn-primary" to="/signup" style={{ color: '#0a0a0a' }}>
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="shell" tabIndex={-1}>
        <Outlet context={context} />
      </main>
      <ScrollRestoration />
      <footer className="footer">
        WAOOAW — agents earn your business. Try free for 7 days; keep every deliverable.
      </footer>
    </>
  );
}
