// Named fault points for chaos workers (compiled into the bench's workers, never into the platform):
// with WAOOAW_FAULT_POINT=<name> the worker kills itself with SIGKILL the Nth time it passes that
// point (N = WAOOAW_FAULT_AFTER, default 1) — a crash at an exact moment, not a random one.

const point = process.env.WAOOAW_FAULT_POINT;
let remaining = Number(process.env.WAOOAW_FAULT_AFTER ?? 1);

/** Counts a pass of `name`; true when this pass is the one that must crash. */
export function faultDue(name: string): boolean {
  if (point !== name) return false;
  return --remaining === 0;
}

/** SIGKILL this process now: no exit handlers, no flushing, like `kill -9`. */
export function crashNow(): void {
  process.kill(process.pid, 'SIGKILL');
}

/** Kills this process when `name` is the armed fault point and its count is reached. */
export function faultPoint(name: string): void {
  if (faultDue(name)) crashNow();
}
