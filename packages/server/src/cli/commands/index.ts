// Registers every command on the program; new features add one line here.
import type { Command } from 'commander';
import { registerAdminCommand } from './admin.js';
import { registerAuditCommand } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { registerDlqCommand } from './dlq.js';
import { registerDoctorCommand } from './doctor.js';
import { registerKeysCommand } from './keys.js';
import { registerApiKeysCommand } from './api-keys.js';
import { registerMigrateCommand } from './migrate.js';
import { registerSecretsCommand } from './secrets.js';
import { registerStartCommand } from './start.js';
import { registerTenantCommand } from './tenant.js';
import { registerWorkflowCommand } from './workflow.js';

export function registerCommands(program: Command): void {
  registerStartCommand(program);
  registerMigrateCommand(program);
  registerDoctorCommand(program);
  registerDlqCommand(program);
  registerWorkflowCommand(program);
  registerAuditCommand(program);
  registerSecretsCommand(program);
  registerAdminCommand(program);
  registerBackupCommands(program);
  registerTenantCommand(program);
  registerKeysCommand(program);
  registerApiKeysCommand(program);
}
