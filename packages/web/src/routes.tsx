// The route table (react-router data router): one layout route with the shell, a child per page. The
// platform serves index.html for unknown paths (SPA fallback), so deep links work on reload. Each
// route's `handle.title` names the page for the document title. Pages that render deliverables or the
// demo form load on first visit (`lazy`), so the marketplace does not download Markdown and form code.
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { webPaths as contractWebPaths } from '@waooaw/server/contracts';
import { App, type RouteHandle } from './app.js';
import { LogInPage } from './pages/login-page.js';
import { MailPage } from './pages/mail-page.js';
import { MarketplacePage } from './pages/marketplace-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { ResetPasswordPage } from './pages/reset-password-page.js';
import { SignUpPage } from './pages/signup-page.js';
import { VerifyPage } from './pages/verify-page.js';
import { opsSections } from './pages/ops/ops-sections.js';

/** Pages that mails link to; the server builds those links from the contract's `webPaths`. */
const webPaths = {
  verifyEmail: '/verify-email',
  resetPassword: '/reset-password',
  dashboard: '/dashboard',
  invoices: '/invoices',
} as const satisfies typeof contractWebPaths;

const page = (path: string, title: string, element: RouteObject['element']): RouteObject => ({
  path,
  element,
  handle: { title } satisfies RouteHandle,
});

const lazyPage = (path: string, title: string, load: () => Promise<ComponentType>): RouteObject => ({
  path,
  lazy: async () => ({ Component: await load() }),
  handle: { title } satisfies RouteHandle,
});

export const routes: RouteObject[] = [
  {
    element: <App />,
    // Shown while a deep link's page code loads on the first visit.
    HydrateFallback: () => null,
    children: [
      { index: true, element: <MarketplacePage />, handle: { title: 'Marketplace' } satisfies RouteHandle },
      lazyPage(
        '/agents/:agentId',
        'Agent profile',
        async () => (await import('./pages/agent-page.js')).AgentRoute,
      ),
      lazyPage(
        '/trial/:agentId',
        'Start a trial',
        async () => (await import('./pages/trial-wizard-page.js')).TrialRoute,
      ),
      lazyPage(
        webPaths.dashboard,
        'Dashboard',
        async () => (await import('./pages/dashboard-page.js')).DashboardPage,
      ),
      lazyPage(
        webPaths.invoices,
        'Invoices',
        async () => (await import('./pages/invoices-page.js')).InvoicesPage,
      ),
      lazyPage(
        `${webPaths.invoices}/:invoiceId`,
        'Invoice',
        async () => (await import('./pages/invoices-page.js')).InvoicePage,
      ),
      lazyPage(
        '/instances/:instanceId',
        'Your agent',
        async () => (await import('./pages/work/instance-page.js')).InstancePage,
      ),
      lazyPage('/jobs/:jobId', 'Job', async () => (await import('./pages/work/job-page.js')).JobPage),
      lazyPage('/inbox', 'Inbox', async () => (await import('./pages/work/inbox-page.js')).InboxPage),
      {
        // The operations console: its frame and each section load only when a staff member opens it.
        path: '/ops',
        lazy: async () => ({ Component: (await import('./pages/ops/ops-layout.js')).OpsLayout }),
        handle: { title: 'Operations' } satisfies RouteHandle,
        children: opsSections.map((s) =>
          s.path === ''
            ? { index: true, lazy: async () => ({ Component: await s.load() }), handle: { title: s.title } }
            : lazyPage(s.path, s.title, s.load),
        ),
      },
      page('/signup', 'Sign up', <SignUpPage />),
      page('/login', 'Log in', <LogInPage />),
      page('/mail', 'Mail', <MailPage />),
      page(webPaths.verifyEmail, 'Verify email', <VerifyPage />),
      page(webPaths.resetPassword, 'Reset password', <ResetPasswordPage />),
      page('*', 'Not found', <NotFoundPage />),
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
