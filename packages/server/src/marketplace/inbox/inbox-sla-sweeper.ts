// Drives the inbox's SLA on the platform clock: every interval, past-due open items move one level up
// the chain (customer → operator). Safe on many workers: each move is a versioned write.
import type { Clock, TimerHandle } from '../../clock.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { InboxService } from './inbox-service.js';

export class InboxSlaSweeper {
  private timer: TimerHandle | undefined;
  private running = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly inbox: Pick<InboxService, 'escalateDue'>,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** Sweeps now (catching up on what fell due while down), then every interval. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await (this.current = this.tick());
  }

  /** Resolves when the sweep in progress (if any) has finished. */
  idle(): Promise<void> {
    return this.current;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    await this.current;
  }

  private async tick(): Promise<void> {
    try {
      while ((await this.inbox.escalateDue()) > 0 && this.running);
    } catch (err) {
      this.logger.error({ err }, 'inbox SLA sweep failed');
    }
    if (this.running)
      this.timer = this.clock.setTimeout(() => {
        this.current = this.tick();
      }, this.intervalMs);
  }
}
