// Spend per workflow run (decision 0068): each decision receipt names the run whose budget paid for it,
// so the costs console can total spend per workflow from the one ledger of receipts.
import type { Migration } from '../migrator.js';

export const decisionRunCosts: Migration = {
  name: '0140-decision-run-costs',
  async up(db) {
    await db.schema.alterTable('runtime_decisions').addColumn('run_id', 'text').execute();
    await db.schema
      .createIndex('runtime_decisions_run_time')
      .on('runtime_decisions')
      .columns(['run_id', 'created_at'])
      .execute();
  },
};
