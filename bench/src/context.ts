// What every suite receives: the run's servers, the mode, and a progress logger.
export interface BenchContext {
  /** PostgreSQL server URL (durable settings: fsync on, synchronous_commit on). */
  pgUrl: string;
  redisUrl: string;
  quick: boolean;
  log(line: string): void;
  /** A fresh database on the run's server. */
  freshDatabase(): Promise<string>;
  /** One database per `key` for the whole run, created on first use (peers reuse their schema). */
  sharedDatabase(key: string): Promise<string>;
  /** A temp directory removed at the end of the run. */
  tmpDir(): string;
}
