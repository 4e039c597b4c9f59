import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isPlatformError, type PlatformError } from '../../errors.js';
import { parseAgentSpec } from './agent-spec.js';
import { defaultSpecsDir, getAgentSpec, loadAgentSpecs } from '../../assets/agent-spec-files.js';

const sample = readFileSync(join(defaultSpecsDir(), 'seo-specialist.yaml'), 'utf8');
const base = parse(sample) as Record<string, unknown>;
// Specs are loosely typed here on purpose: each case breaks one field.
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const mutate = (fn: (d: Doc) => void) => {
  const d = structuredClone(base) as Doc;
  fn(d);
  return stringify(d);
};
const failure = (text: string): PlatformError => {
  try {
    parseAgentSpec(text, 'x.yaml');
  } catch (e) {
    if (isPlatformError(e)) return e;
    throw e;
  }
  throw new Error('expected a validation error');
};

describe('parseAgentSpec', () => {
  it('parses a shipped spec with defaults applied', () => {
    const spec = parseAgentSpec(sample, 'seo-specialist.yaml');
    expect(spec.id).toBe('seo-specialist');
    expect(spec.price.currency).toBe('INR');
    expect(spec.tiers.standard).toHaveLength(4);
    expect(spec.tiers.premium).toHaveLength(10);
  });

  it('names the file and line of broken YAML', () => {
    const e = failure('id: x\n  bad: [unclosed');
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/^x\.yaml:\d+: invalid YAML/);
    expect(e.details['file']).toBe('x.yaml');
  });

  it('names the field path of each kind of mistake', () => {
    const cases: [(d: Doc) => void, string][] = [
      [(d) => delete d['price'].monthly, 'price.monthly'],
      [(d) => (d['id'] = 'Not Kebab'), 'id'],
      [(d) => (d['version'] = 'v1'), 'version'],
      [(d) => (d['domain'] = 'finance'), 'domain'],
      [(d) => d['tiers'].standard.pop(), 'tiers.standard'],
      [(d) => (d['tiers'].premium[9] = 'seo.nope'), 'tiers.premium[9]'],
      [(d) => (d['skills'][0].tier = 'premium'), 'skills[0].tier'],
      [(d) => (d['wake'].schedule = '61 * * * *'), 'wake.schedule'],
      [(d) => (d['wake'].events = ['Bad Topic!']), 'wake.events[0]'],
      [(d) => (d['wake'].thresholds = [{ metric: 'leads.new' }]), 'wake.thresholds[0]'],
      [(d) => (d['listing'].avatar = 'seo'), 'listing.avatar'],
      [(d) => (d['listing'].accent = 'cyan'), 'listing.accent'],
      [(d) => (d['listing'].sampleInput = {}), 'listing.sampleInput'],
      [(d) => (d['demoSkill'] = 'seo.sitemap'), 'demoSkill'],
      [
        (d) => (d['prompts'].perSkill = { 'seo.unknown': 'Some long enough prompt' }),
        'prompts.perSkill.seo.unknown',
      ],
      [(d) => (d['price'].annual = d['price'].monthly * 13), 'price.annual'],
    ];
    for (const [fn, field] of cases) {
      const e = failure(mutate(fn));
      expect(e.code, field).toBe('VALIDATION');
      expect(e.details['field'], field).toBe(field);
      expect(e.message.startsWith('x.yaml: ')).toBe(true);
    }
  });
});

describe('loadAgentSpecs', () => {
  const dirs: string[] = [];
  const tmp = (files: Record<string, string>) => {
    const d = mkdtempSync(join(tmpdir(), 'specs-'));
    dirs.push(d);
    for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads every YAML in a directory, in file order', () => {
    const d = tmp({ 'seo-specialist.yaml': sample, 'notes.txt': 'ignored' });
    expect(loadAgentSpecs(d).map((s) => s.id)).toEqual(['seo-specialist']);
  });

  it('rejects a file whose name does not match its id, and names it', () => {
    const d = tmp({ 'other.yaml': sample });
    expect(() => loadAgentSpecs(d)).toThrow(/other\.yaml: id "seo-specialist" does not match/);
  });

  it('reports the failing file and field', () => {
    const d = tmp({ 'seo-specialist.yaml': mutate((x) => delete x['tagline']) });
    try {
      loadAgentSpecs(d);
      throw new Error('expected failure');
    } catch (e) {
      expect(isPlatformError(e, 'VALIDATION')).toBe(true);
      expect((e as PlatformError).details).toMatchObject({ file: 'seo-specialist.yaml', field: 'tagline' });
    }
  });

  it('gives NOT_FOUND for a missing directory and an unknown id', () => {
    expect(() => loadAgentSpecs(join(tmpdir(), 'no-such-specs-dir-xyz'))).toThrow(/does not exist/);
    expect(getAgentSpec('seo-specialist').roleTitle).toBe('SEO Agent');
    try {
      getAgentSpec('nope');
    } catch (e) {
      expect(isPlatformError(e, 'NOT_FOUND')).toBe(true);
    }
    expect.assertions(3);
  });
});
