// Key material that must live outside the database (the audit signing key, the secrets master key):
// from a setting, from a file, or — in the embedded default — generated once and kept in a file with
// owner-only permissions (0600, in a 0700 directory) beside the SQLite file.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PlatformError } from '../../errors.js';

export interface KeySource {
  /** The key itself (from an environment variable or the config file). */
  value?: string | undefined;
  /** A file holding the key (`…_FILE`). */
  file?: string | undefined;
  /** Where the embedded default keeps a generated key; without it a generated key lives in memory only. */
  defaultFile?: string | undefined;
  /** The setting's names, for error messages: e.g. `WAOOAW_MASTER_KEY`. */
  envName: string;
}

export interface LoadedKey {
  text: string;
  origin: 'setting' | 'file' | 'generated' | 'ephemeral';
  path?: string;
  /** Problems worth a warning at start-up (a key file others can read). */
  warnings: string[];
}

/** Reads a key from its setting or file, or generates one (persisted at `defaultFile` when given). */
export function loadOrCreateKey(source: KeySource, generate: () => string): LoadedKey {
  if (source.value) return { text: source.value.trim(), origin: 'setting', warnings: [] };
  if (source.file) {
    const path = resolve(source.file);
    if (!existsSync(path))
      throw new PlatformError('CONFIG_INVALID', `${source.envName}_FILE: ${path} does not exist`, {
        details: { key: `${source.envName}_FILE` },
      });
    return { text: readKeyFile(path), origin: 'file', path, warnings: permissionWarnings(path) };
  }
  if (!source.defaultFile) return { text: generate(), origin: 'ephemeral', warnings: [] };
  const path = resolve(source.defaultFile);
  if (existsSync(path))
    return { text: readKeyFile(path), origin: 'file', path, warnings: permissionWarnings(path) };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = generate();
  try {
    // `wx`: when two processes start at once, one writes and the other reads what it wrote.
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { text: readKeyFile(path), origin: 'file', path, warnings: [] };
  }
  return { text, origin: 'generated', path, warnings: [] };
}

/** Replaces a key file's content (0600), e.g. after a master-key rotation. */
export function writeKeyFile(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${text}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** The embedded default's key directory: `keys/` beside the SQLite file; none for an in-memory database. */
export function defaultKeyDir(sqlitePath: string): string | undefined {
  return sqlitePath === ':memory:' || sqlitePath === ''
    ? undefined
    : join(dirname(resolve(sqlitePath)), 'keys');
}

function readKeyFile(path: string): string {
  const text = readFileSync(path, 'utf8').trim();
  if (!text)
    throw new PlatformError('CONFIG_INVALID', `Key file ${path} is empty`, { details: { key: path } });
  return text;
}

function permissionWarnings(path: string): string[] {
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077
    ? [`Key file ${path} can be read by other users (mode ${mode.toString(8)}); chmod 600 it`]
    : [];
}
