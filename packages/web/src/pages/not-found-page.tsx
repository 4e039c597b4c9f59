// Shown for unknown paths and for objects the API does not know (or that belong to someone else).
import { Link } from 'react-router';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <section className="narrow panel" aria-labelledby="nf-title">
      <h1 id="nf-title">This {what} does not exist</h1>
      <p className="muted">It may have been moved, or the link is mistyped.</p>
      <Link className="btn btn-primary" to="/">
        Back to the marketplace
      </Link>
    </section>
  );
}
