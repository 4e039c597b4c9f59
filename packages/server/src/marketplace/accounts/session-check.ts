// The per-request session check behind every access token: is its session still open? Answers come
// from a bounded in-process cache — revocations made in this process apply at once, a session another
// process revoked is seen within `ttlMs` — so most requests cost no query.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../clock.js';
import type { Store } from '../../store/store.js';

interface Known {
  live: boolean;
  userId: string;
  checkedAt: number;
}

export class SessionCheck {
  private readonly known = new LRUCache<string, Known>({ max: 50_000 });

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /**
   * `isLive`'s answer when the cache can give it without a read (a fresh or a revoked entry);
   * undefined when `isLive` would read the store.
   */
  knownLive(sid: string, userId: string): boolean | undefined {
    const cached = this.known.get(sid);
    if (cached && (!cached.live || this.clock.now() - cached.checkedAt < this.ttlMs))
      return cached.live && cached.userId === userId;
    return undefined;
  }

  /** True when session `sid` exists, belongs to `userId` and is not revoked. */
  async isLive(sid: string, userId: string): Promise<boolean> {
    const now = this.clock.now();
    // A revoked session never comes back, so a "revoked" answer is kept as long as the cache holds it.
    const known = this.knownLive(sid, userId);
    if (known !== undefined) return known;
    const session = await this.store.sessions.get(sid);
    // A revocation recorded here while the read was in flight wins over what the read saw.
    if (this.known.get(sid)?.live === false) return false;
    const read = {
      live: session !== undefined && session.data.revokedAt === null,
      userId: session?.data.userId ?? '',
      checkedAt: now,
    };
    if (session) this.known.set(sid, read);
    return read.live && read.userId === userId;
  }

  /** Records a revocation made in this process, before the store is written. */
  revoked(sid: string): void {
    this.known.set(sid, { live: false, userId: '', checkedAt: this.clock.now() });
  }
}
