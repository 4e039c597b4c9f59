// The operations console's frame: only operators and admins get in (everyone else sees why and where
// to go), a side navigation drawn from the section list, and the section's page in the outlet.
import { Link, NavLink, Outlet } from 'react-router';
import type { Role } from '@waooaw/server/contracts';
import { useSession } from '../../session.js';
import { opsSections } from './ops-sections.js';

const staff: readonly Role[] = ['operator', 'admin'];

export function OpsLayout() {
  const session = useSession();
  if (!session) {
    return (
      <section className="narrow panel" aria-labelledby="ops-login">
        <h1 id="ops-login">Operations console</h1>
        <p>Log in with a staff account to run the platform.</p>
        <Link className="btn btn-primary" to="/login?next=%2Fops">
          Log in
        </Link>
      </section>
    );
  }
  const role = session.user.role;
  if (!staff.includes(role)) {
    return (
      <section className="narrow panel" aria-labelledby="ops-denied">
        <h1 id="ops-denied">Staff only</h1>
        <p>The operations console is for WAOOAW operators and admins. Your account is a customer account.</p>
        <Link className="btn btn-primary" to="/dashboard">
          Go to your dashboard
        </Link>
      </section>
    );
  }
  const visible = opsSections.filter((s) => s.label && (s.roles ?? staff).includes(role));
  return (
    <div className="ops">
      <nav className="ops-nav" aria-label="Operations">
        <ul>
          {visible.map((s) => (
            <li key={s.path}>
              <NavLink to={s.path === '' ? '/ops' : `/ops/${s.path}`} end={s.path === ''}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="ops-page">
        <Outlet />
      </div>
    </div>
  );
}
