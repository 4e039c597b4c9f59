#!/usr/bin/env node
// `waooaw` — the platform's command line. Each command lives in commands/<verb>.ts.
import { Command, CommanderError } from 'commander';
import { isPlatformError } from '../errors.js';
import { PLATFORM_VERSION } from '../platform.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('waooaw')
    .description('WAOOAW — AI-agent workforce marketplace and the platform that runs it')
    .version(PLATFORM_VERSION)
    .option('-c, --config <file>', 'config file (JSON or YAML); also WAOOAW_CONFIG')
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isPlatformError(err)) {
      process.stderr.write(`waooaw: ${err.code}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`waooaw: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('main.ts') || invoked.endsWith('main.js') || invoked.endsWith('waooaw')) {
  const code = await runCli(process.argv.slice(2));
  // `start` keeps running; every other command ends here.
  if (code !== 0 || !process.argv.slice(2).includes('start')) process.exit(code);
}
