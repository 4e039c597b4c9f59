#!/usr/bin/env node
// `waooaw` — the platform's command line. Each command lives in commands/<verb>.ts.
import { pathToFileURL } from 'node:url';
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

/** Runs the CLI on `argv` and exits — except `start`, which keeps the process serving. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv);
  if (code !== 0 || !argv.includes('start')) process.exit(code);
}

// Run when executed directly (`tsx src/cli/main.ts …`); bin/waooaw.js imports and calls `main`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
