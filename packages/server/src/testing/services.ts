// Per-test access to the run's throw-away servers: a fresh PostgreSQL database per call and a
// unique Redis key prefix, so test files run in parallel without seeing each other's data.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

export interface TestRedis {
  url: string;
  /** Unique key prefix for this caller, ending in ':'. */
  prefix: string;
  /** Deletes every key under the prefix. */
  flush(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh empty database on the run's PostgreSQL server; undefined when PostgreSQL is not available. */
export async function testPostgres(): Promise<TestPostgres | undefined> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) return undefined;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The run's Redis server with a unique key prefix; undefined when Redis is not available. */
export async function testRedis(): Promise<TestRedis | undefined> {
  const url = inject('redisUrl');
  if (!url) return undefined;
  const prefix = `t${randomBytes(5).toString('hex')}:`;
  return {
    url,
    prefix,
    async flush() {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await r.connect();
      try {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) await r.del(...keys);
        } while (cursor !== '0');
      } finally {
        r.disconnect();
      }
    },
  };
}
