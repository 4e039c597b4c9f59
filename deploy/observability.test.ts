// Checks the monitoring artifacts against the platform they watch: every metric the Grafana dashboards
// and the Prometheus rules query is one the platform exports, the dashboards' PromQL parses, the rules
// pass `promtool check rules` and their unit tests, and the example scrape config passes `check config`.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createMetrics } from '@waooaw/server/components';
import { findPromtool, isCi, promtool } from '@waooaw/server/testing';

const here = fileURLToPath(new URL('.', import.meta.url));
const read = (path: string) => readFileSync(join(here, path), 'utf8');
const tool = findPromtool();
if (!tool && !isCi)
  console.warn('deploy/prometheus: promtool not found, so the rules are not checked by it here');
const needPromtool = () => {
  if (!tool)
    throw new Error('promtool is needed under CI (.ci/run extracts it from Debian’s prometheus package)');
  return tool;
};

/** Every series name the platform exports: its instruments (histograms with their suffixes) and Node's defaults. */
const exported = new Set<string>(['up']);
for (const m of await createMetrics({ defaultMetrics: true }).registry.getMetricsAsJSON()) {
  exported.add(m.name);
  // prom-client's types declare a numeric enum; the value at run time is the name.
  if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(m.name + s);
}

/** Names in a PromQL expression that look like our series (waooaw_, process_, nodejs_, up). */
function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(waooaw_\w+|process_\w+|nodejs_\w+|up)\b(?=\s*[{[)\s]|$)/g)].map((m) => m[1]!);
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Array<{ refId: string; expr: string; datasource?: { uid: string } }>;
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  tags: string[];
  templating: { list: Array<{ name: string; type: string; query: string }> };
  panels: Panel[];
}

const dashboards = readdirSync(join(here, 'grafana'))
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, dashboard: JSON.parse(read(`grafana/${file}`)) as Dashboard }));
const exprs = dashboards.flatMap(({ file, dashboard }) =>
  dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `${file}: ${p.title}`, expr: t.expr })),
  ),
);

describe('deploy/grafana dashboards', () => {
  it('ships overview, workflows and agents-costs with unique uids, tagged waooaw', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual([
      'agents-costs.json',
      'overview.json',
      'workflows.json',
    ]);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of dashboards) {
      expect(dashboard.tags).toContain('waooaw');
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    }
  });

  it('queries the chosen Prometheus data source from every panel, on a grid without overlaps', () => {
    for (const { file, dashboard } of dashboards) {
      expect(dashboard.templating.list).toContainEqual(
        expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
      );
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      const cells = new Set<string>();
      for (const p of dashboard.panels) {
        expect(p.gridPos.x + p.gridPos.w, `${file}: ${p.title}`).toBeLessThanOrEqual(24);
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`), `${file}: ${p.title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        if (p.type === 'row') continue;
        expect(p.datasource, `${file}: ${p.title}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(p.targets?.length, `${file}: ${p.title}`).toBeGreaterThan(0);
      }
    }
  });

  it('queries only series the platform exports', () => {
    expect(exprs.length).toBeGreaterThan(30);
    for (const { where, expr } of exprs) {
      const names = seriesIn(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name), `${where}: ${name}`).toBe(true);
    }
  });

  it.skipIf(!tool && !isCi)('has PromQL that promtool parses (as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waooaw-dashboards-'));
    try {
      const rules = exprs.map(({ expr }, i) => ({
        record: `dashboard:expr_${i}`,
        expr: expr.replaceAll('$__rate_interval', '5m'),
      }));
      writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'dashboards', rules }] }));
      expect(promtool(needPromtool(), ['check', 'rules', join(dir, 'rules.yml')])).toContain(
        `SUCCESS: ${rules.length} rules found`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string };
}

describe('deploy/prometheus', () => {
  const groups = (parse(read('prometheus/alerts.yml')) as { groups: Array<{ name: string; rules: Rule[] }> })
    .groups;
  const rules = groups.flatMap((g) => g.rules);
  const scratch = mkdtempSync(join(tmpdir(), 'waooaw-prometheus-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names a severity, a summary and a description on every alert, over series the platform exports', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const r of rules) {
      expect(['warning', 'critical'], r.alert).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.description, r.alert).toBeTruthy();
      for (const name of seriesIn(r.expr)) expect(exported.has(name), `${r.alert}: ${name}`).toBe(true);
    }
  });

  it('alerts on what operators must act on: incidents, dead letters, open breakers, errors, lag', () => {
    const watched = rules.map((r) => r.expr).join('\n');
    for (const name of [
      'waooaw_workflow_incidents_total',
      'waooaw_bus_dead_lettered_total',
      'waooaw_circuit_breaker_state',
      'waooaw_http_requests_total',
      'waooaw_bus_consumer_lag_seconds',
      'waooaw_agent_cost_total',
    ])
      expect(watched).toContain(name);
  });

  it.skipIf(!tool && !isCi)('passes promtool check rules and the rules’ unit tests (alerts.test.yml)', () => {
    const command = needPromtool();
    expect(promtool(command, ['check', 'rules', join(here, 'prometheus/alerts.yml')])).toContain(
      `SUCCESS: ${rules.length} rules found`,
    );
    expect(promtool(command, ['test', 'rules', join(here, 'prometheus/alerts.test.yml')])).toContain(
      'SUCCESS',
    );
  });

  it.skipIf(!tool && !isCi)('has an example scrape config that passes promtool check config', () => {
    // promtool opens the bearer token file: point it at a scratch copy.
    const token = join(scratch, 'waooaw-metrics-token');
    writeFileSync(token, 'a-metrics-token-of-16-or-more\n');
    copyFileSync(join(here, 'prometheus/alerts.yml'), join(scratch, 'alerts.yml'));
    const config = read('prometheus/prometheus.yml');
    expect(config).toContain('credentials_file: /etc/prometheus/waooaw-metrics-token');
    writeFileSync(
      join(scratch, 'prometheus.yml'),
      config.replaceAll('/etc/prometheus/waooaw-metrics-token', token),
    );
    expect(promtool(needPromtool(), ['check', 'config', join(scratch, 'prometheus.yml')])).toContain(
      'SUCCESS',
    );
  });
});
