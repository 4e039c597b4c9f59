// The served OpenAPI document passes `redocly lint` (Redocly CLI's recommended rules) with no error:
// the review counted 21 (public operations without `security`, four dangling `$ref`s, empty servers).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform.js';
import { createTestPlatform } from './testing/test-platform.js';

const run = promisify(execFile);
const redocly = join(createRequire(import.meta.url).resolve('@redocly/cli/package.json'), '../bin/cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
}

let platform: Platform;
let document: Record<string, unknown>;
beforeAll(async () => {
  platform = await createTestPlatform({ github: { webhookSecret: 'secret' } });
  document = (await platform.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => {
  await platform.stop();
});

describe('/openapi.json', () => {
  it('passes redocly lint with zero errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    // Exit code 1 means problems were found; the JSON report says which.
    const { stdout } = await run(process.execPath, [redocly, 'lint', file, '--format=json'], {
      cwd: dir,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: LintProblem[];
    };
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The one warning left: the document names no licence, because the product has none to name.
    expect(report.problems.filter((p) => p.severity === 'warn').map((p) => p.ruleId)).toEqual([
      'info-license',
    ]);
  }, 60_000);

  it('documents the real media types of non-JSON answers', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { responses: Record<string, { content?: object }> }>
    >;
    const contentOf = (path: string, method = 'get') =>
      Object.keys(paths[path]![method]!.responses['200']!.content!);
    expect(contentOf('/api/v1/activity/stream')).toEqual(['text/event-stream']);
    expect(contentOf('/api/v1/deliverables/export')).toEqual(['application/zip']);
    expect(contentOf('/api/v1/invoices/{id}/pdf')).toEqual(['application/pdf']);
    expect(contentOf('/api/v1/deliverables/{id}/download')).toEqual(['text/markdown']);
    expect(contentOf('/api/v1/workflows/definitions/{id}/bpmn')).toEqual(['application/xml']);
    expect(contentOf('/metrics')).toEqual(['text/plain']);
  });

  it('gives every operation an id, a security requirement, a 429 and a default error answer', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { operationId?: string; security?: unknown[]; responses: object }>
    >;
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        ids.add(op.operationId!);
        expect(op.security, `${method} ${path}`).toBeDefined();
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['429', 'default']),
        );
      }
    }
    expect(ids.size).toBe(Object.values(paths).flatMap((o) => Object.keys(o)).length);
  });
});
