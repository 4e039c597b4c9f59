// Answers per (method, route, status) counted in plain numbers and handed to prom-client's counter
// when it is read (a scrape, the operations overview): `inc` with labels hashes and validates them on
// every call (≈ 0.6 µs), which the HTTP hot path paid once per answer for a figure read rarely.
import type { Counter } from 'prom-client';

type Labels = { method: string; route: string; status: string };

/** One series' answers not yet handed to the counter. */
export interface AnswerCell {
  pending: number;
}

export class HttpAnswerCounts {
  private readonly cells = new Map<string, AnswerCell & { labels: Labels }>();

  /** The cell of one series, made on first use; keep it and add to `pending`. */
  cell(method: string, route: string, status: number): AnswerCell {
    const key = `${method} ${status} ${route}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { pending: 0, labels: { method, route, status: String(status) } };
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Adds what was counted since the last read to `counter` (its `collect`, so readers see it all). */
  flushInto(counter: Counter<keyof Labels>): void {
    for (const cell of this.cells.values()) {
      if (cell.pending === 0) continue;
      counter.inc(cell.labels, cell.pending);
      cell.pending = 0;
    }
  }
}
