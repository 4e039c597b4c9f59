// Helpers shared by commands: config from the global --config flag, and output.
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigInput } from '../../config.js';

export function configFrom(cmd: Command, overrides?: ConfigInput): Config {
  const root = cmd.optsWithGlobals<{ config?: string }>();
  return loadConfig({ ...(root.config ? { file: root.config } : {}), ...(overrides ? { overrides } : {}) });
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
