// A non-owner PostgreSQL role for row-level security tests: LOGIN, no superuser, no BYPASSRLS, plain
// privileges on the tables the owner migrated — how the platform's API connects in production.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestPostgres } from './services.js';

export interface PostgresAppRole {
  /** The database's URL with the role's credentials. */
  url: string;
  /** Drops what the role owns, the database, then the role (roles are cluster-wide). */
  drop(): Promise<void>;
}

async function run(url: string, statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/**
 * Privileges on the tables that exist and, by default privileges, on those the owner (the URL's user)
 * creates later — so the role may be made before or after migrating.
 */
export async function createAppRole(db: TestPostgres): Promise<PostgresAppRole> {
  const role = `waooaw_app_${randomBytes(4).toString('hex')}`;
  const database = new URL(db.url).pathname.slice(1);
  await run(db.url, [
    `create role ${role} login password 'app' nosuperuser nobypassrls`,
    `grant connect on database ${database} to ${role}`,
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema public grant usage, select on sequences to ${role}`,
  ]);
  const url = new URL(db.url);
  url.username = role;
  url.password = 'app';
  const server = new URL(db.url);
  server.pathname = '/postgres';
  return {
    url: url.toString(),
    async drop() {
      await run(db.url, [`drop owned by ${role}`]);
      await db.drop();
      await run(server.toString(), [`drop role if exists ${role}`]);
    },
  };
}
