// The application shell (the layout route): top bar (brand, "N agents online now", navigation,
// account), the current page in <Outlet>, the document title from the route, focus and scroll on
// navigation, and dropping another user's cached data when the session changes. On small screens
// the navigation folds into a menu so the header stays one row.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useMatches, useNavigate } from 'react-router';
import { logOut } from './api.js';
import { Icon } from './components/icon.js';
import { useSession } from './session.js';

/** What a route tells the shell about itself (its `handle`). */
export interface RouteHandle {
  title: string;
}

/** What the shell offers its pages through the outlet context. */
export interface ShellContext {
  /** The marketplace reports how many agents are online; the header shows it. */
  onOnline: (n: number) => void;
  /** A page names itself more precisely than its route (an agent's profile: the agent's name). */
  setTitle: (title: string | undefined) => void;
}

function useDocumentTitle(override: string | undefined): void {
  const matches = useMatches();
  const title =
    [...matches]
      .reverse()
      .map((m) => (m.handle as RouteHandle | undefined)?.title)
      .find(Boolean) ?? 'Not found';
  const shown = override ?? title;
  useEffect(() => {
    document.title = `${shown} · WAOOAW`;
  }, [shown]);
}

/**
 * On navigation, focus moves to the new page's heading so screen readers announce it; a page that
 * is still loading gets focus on <main> first, and its heading when it appears (unless the user has
 * moved focus meanwhile).
 */
function useFocusOnNavigation(pathname: string): void {
  // The path focus was last placed for: the page a visitor lands on keeps the browser's own focus
  // (Tab reaches the skip link first), even when the shell mounts or its effects run again.
  const focusedFor = useRef(pathname);
  useEffect(() => {
    if (focusedFor.current === pathname) return;
    focusedFor.current = pathname;
    const main = document.getElementById('main');
    if (!main) return;
    const focusHeading = (): boolean => {
      const h1 = main.querySelector<HTMLElement>('h1');
      if (!h1) return false;
      const active = document.activeElement;
      // The user moved focus meanwhile (clicked or tabbed somewhere): leave it there.
      if (active && active !== document.body && active !== main) return true;
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
      return true;
    };
    main.focus({ preventScroll: true });
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(stop);
    };
  }, [pathname]);
}

export function App() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const queryClient = useQueryClient();
  const [online, setOnline] = useState<number | undefined>(undefined);
  const [pageTitle, setPageTitle] = useState<string | undefined>(undefined);
  const [menuOpen, setMenuOpen] = useState(false);
  const setTitle = useCallback((t: string | undefined) => setPageTitle(t), []);
  const [context] = useState<ShellContext>(() => ({ onOnline: setOnline, setTitle }));
  useDocumentTitle(pageTitle);
  useFocusOnNavigation(pathname);
  useEffect(() => {
    // A new page starts with its route's title and a closed menu.
    setPageTitle(undefined);
    setMenuOpen(false);
  }, [pathname]);

  const userId = session?.user.id;
  useEffect(() => {
    // Signed out, or another account signed in (here or in another tab): forget everyone else's data.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === 'user' && q.queryKey[1] !== userId });
  }, [queryClient, userId]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link className="brand" to="/">
            <span className="brand-mark" aria-hidden="true">
              W
            </span>
            <span className="brand-word">WAOOAW</span>
            <span className="sr-only"> marketplace home</span>
          </Link>
          {online !== undefined && (
            <span className="online-pill" data-testid="online">
              <span className="pulse" aria-hidden="true" />
              {online} agents online now
            </span>
          )}
          <button
            type="button"
            className="btn btn-ghost menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <Icon name={menuOpen ? 'x' : 'menu'} size={20} />
            Menu
          </button>
          <nav className="nav" id="main-nav" aria-label="Main" data-open={menuOpen}>
            <NavLink to="/" end>
              Marketplace
            </NavLink>
            {session ? (
              <>
                <NavLink to="/dashboard" end>
                  Dashboard
                </NavLink>
                <NavLink to="/inbox" end>
                  Inbox
                </NavLink>
                <NavLink to="/mail" end>
                  Mail
                </NavLink>
                {session.user.role !== 'customer' && <NavLink to="/ops">Operations</NavLink>}
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
                <Link className="btn btn-sm btn-primary" to="/signup">
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
