// WowVision Prime's vision stack: L1 core (immutable), L2 phase policies, and the file-type helpers the
// rules use. Values follow the design digest §4.5 exactly.

export const CORE_VISION = Object.freeze({
  name: 'WAOOAW',
  tagline: 'Agents Earn Your Business',
  constraints: Object.freeze([
    'never generate Python in Phase 1 (except under waooaw/)',
    'always escalate Layer-1 violations',
    'never modify Layer 1',
  ]),
});

export type Phase = 'phase1_foundation' | 'phase2_platform';

export const PHASE_POLICIES: Readonly<
  Record<Phase, { allowed: readonly string[]; forbidden: readonly string[] }>
> = Object.freeze({
  phase1_foundation: { allowed: ['.md', '.yaml', '.yml', '.json', '.toml', '.txt'], forbidden: ['.py'] },
  phase2_platform: { allowed: ['.py', '.md', '.yaml', '.json', '.sql'], forbidden: [] },
});

export const DOC_EXTENSIONS = ['.md', '.markdown', '.rst', '.txt'] as const;
export const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json', '.toml', '.ini', '.env.example'] as const;
export const TRUSTED_AUTHORS = ['dlai-sd', 'github-actions[bot]', 'WowVision-Prime'] as const;
export const WRONG_TAGLINES = [
  'agents that work for you',
  'ai agents for hire',
  'hire an agent',
  'agent marketplace',
] as const;
export const RIGHT_TAGLINE = 'agents earn your business';

/** The extension rules match on: `.env.example` counts whole, otherwise the last `.x` of the base name. */
export function extensionOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  if (base.toLowerCase().endsWith('.env.example')) return '.env.example';
  if (base === '.env' || base.toLowerCase().endsWith('.env')) return '.env';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function isDocFile(path: string): boolean {
  return (DOC_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}

/** Config files are allowed — except a real `.env`, which would hold secrets. */
export function isConfigFile(path: string): boolean {
  return (CONFIG_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}
