// Which methods a path takes, for 405 answers with an `Allow` header. Fastify answers an unknown
// method on a known path with 404; a second find-my-way router (Fastify's own router library) fed
// with every registered route tells the two cases apart.
import Router, { type HTTPMethod } from 'find-my-way';

const methods: readonly HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export class RouteMethods {
  private readonly router = Router();

  /** onRoute hook body. Catch-all routes (the SPA fallback, CORS preflight) name no path's methods. */
  add(method: string | string[], url: string): void {
    if (url === '*' || url === '/*') return;
    for (const m of [method].flat()) {
      if (!methods.includes(m as HTTPMethod) || this.router.find(m as HTTPMethod, url)) continue;
      try {
        this.router.on(m as HTTPMethod, url, () => undefined);
      } catch {
        // The same pattern spelt differently (another parameter name) is already known.
      }
    }
  }

  /** The methods `path` (no query) takes; empty when no route matches it at all. */
  allowed(path: string): HTTPMethod[] {
    return methods.filter((m) => this.router.find(m, path) !== null);
  }
}
