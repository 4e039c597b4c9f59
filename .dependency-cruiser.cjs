// Folder boundaries of the server (docs/architecture.md): api/cli → platform.ts → features (marketplace,
// agents, workflows) → core (engine, runtime, skills) → ports ← adapters. `npm run lint` runs this.
const S = '^packages/server/src/';
const primitives = `${S}(errors|clock|ids|config)\\.ts$|${S}contracts/|${S}components/observability/`;
const edge = `${S}(api|cli|assets)/|${S}platform\\.ts$|${S}index\\.ts$`;
const features = `${S}(marketplace|agents|workflows)/`;
const core = `${S}(engine|runtime|skills)/`;
const components = `${S}components/`;
const portsAndAdapters = `${S}(store|bus|models)/`;
// Concrete adapters: only the composition root, the CLI and tests pick or build them.
const adapters = [
  `${S}store/(sql-|sqlite-|postgres-|create-store|migrator|migrations/|prepared-query)`,
  `${S}bus/(memory-|redis-|create-bus|bus-outbox)`,
  `${S}models/(offline-|openai-|anthropic-|create-model-providers|provider-chain)`,
  `${S}components/cache/redis-cache-level`,
];
const adapter = adapters.join('|');
const drivers = 'node_modules/(ioredis|pg|better-sqlite3|nodemailer|@octokit|openai|@anthropic-ai)/';
const nodeIo =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|tls|cluster|worker_threads)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules must not import each other in a cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'primitives-are-leaves',
      comment: 'errors, clock, ids, config, contracts and observability depend on nothing else of ours.',
      severity: 'error',
      from: { path: primitives },
      to: { path: S, pathNot: primitives },
    },
    {
      name: 'only-the-edge-imports-the-edge',
      comment: 'Nothing below api/, cli/ and platform.ts imports them.',
      severity: 'error',
      from: { path: S, pathNot: edge },
      to: { path: edge },
    },
    {
      name: 'core-stays-below-features',
      comment: 'engine, runtime and skills never import marketplace, agents or workflows.',
      severity: 'error',
      from: { path: core },
      to: { path: features },
    },
    {
      name: 'ports-stay-below-features',
      comment: 'store, bus, models and components never import features.',
      severity: 'error',
      from: { path: `${portsAndAdapters}|${components}` },
      to: { path: features },
    },
    {
      name: 'skills-are-pure',
      comment: 'Skills depend only on primitives and each other.',
      severity: 'error',
      from: { path: `${S}skills/` },
      to: { path: S, pathNot: `${S}skills/|${primitives}` },
    },
    {
      name: 'features-and-core-use-ports-not-adapters',
      comment: 'Only the composition root (platform.ts), the CLI and tests build or pick adapters.',
      severity: 'error',
      from: { path: `${features}|${core}|${components}`, pathNot: adapter },
      to: { path: adapters },
    },
    {
      name: 'features-and-core-use-no-drivers',
      comment:
        'Database, Redis, mail, GitHub and model SDK clients are built by the composition root and adapters.',
      severity: 'error',
      from: { path: `${features}|${core}|${components}`, pathNot: adapter },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
        path: drivers,
      },
    },
    {
      name: 'features-and-core-do-no-io',
      comment: 'engine, runtime, skills and the features import no node: I/O module; I/O goes through ports.',
      severity: 'error',
      from: { path: `${features}|${core}` },
      to: { dependencyTypes: ['core'], path: nodeIo },
    },
    {
      name: 'marketplace-does-not-reach-into-agents-or-workflows',
      comment:
        'The marketplace is used by agents and workflows, not the other way round (agent specs excepted).',
      severity: 'error',
      from: { path: `${S}marketplace/` },
      to: { path: `${S}(agents/(?!specs/)|workflows/)` },
    },
    {
      name: 'agents-do-not-reach-into-workflows',
      severity: 'error',
      from: { path: `${S}agents/` },
      to: { path: `${S}workflows/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '\\.contract\\.ts$', '/testing/', '/dist/', '-test-specs\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
