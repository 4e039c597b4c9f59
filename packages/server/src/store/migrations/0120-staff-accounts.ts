// Staff accounts (issue 15): a user can be disabled. A disabled user cannot log in, refresh or use a
// token; the row stays so the audit trail's `user:<id>` keeps a name to point at.
import type { Migration } from '../migrator.js';

export const staffAccounts: Migration = {
  name: '0120-staff-accounts',
  async up(db) {
    await db.schema.alterTable('mkt_users').addColumn('disabled_at', 'bigint').execute();
  },
};
