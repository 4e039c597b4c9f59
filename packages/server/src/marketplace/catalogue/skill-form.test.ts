import { describe, expect, it } from 'vitest';
import { SkillFormSchema, type FormField } from '../../contracts/contracts.js';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import { getSkill, skillRegistry } from '../../skills/registry.js';
import { inputJsonSchema, skillForm } from './skill-form.js';

/** Every field of a form, nested ones (group fields, table columns, variant fields) included. */
function walk(fields: readonly FormField[], path = ''): { path: string; field: FormField }[] {
  return fields.flatMap((f) => {
    const here = path ? `${path}.${f.name}` : f.name;
    return [
      { path: here, field: f },
      ...walk(f.fields ?? [], here),
      ...(f.variants ?? []).flatMap((v) => walk(v.fields, `${here}<${v.value}>`)),
    ];
  });
}
const byName = (fields: readonly FormField[], name: string) => fields.find((f) => f.name === name);
const demoSkills = [...new Set(loadAgentSpecs().map((s) => s.demoSkill))];

describe('skill forms', () => {
  it('resolves a labelled form for every skill', () => {
    for (const skill of skillRegistry.values()) {
      const { fields } = skillForm(skill);
      expect(fields.length, skill.id).toBeGreaterThan(0);
      for (const { path, field } of walk(fields))
        expect(field.label.trim(), `${skill.id} ${path}`).not.toBe('');
      // The contract's schema carries the whole form (nothing stripped by its fixed depth).
      expect(SkillFormSchema.parse({ fields }), skill.id).toEqual({ fields });
    }
  });

  it('asks for no JSON in any demo: every field of the 19 demos has a plain control', () => {
    expect(demoSkills).toHaveLength(19);
    for (const id of demoSkills) {
      const json = walk(skillForm(getSkill(id)).fields).filter(({ field }) => field.kind === 'json');
      expect(
        json.map((j) => j.path),
        id,
      ).toEqual([]);
    }
  });

  it('keeps raw JSON to the few shapes nothing else can edit', () => {
    const json = [...skillRegistry.values()].flatMap((s) =>
      walk(skillForm(s).fields)
        .filter(({ field }) => field.kind === 'json')
        .map(({ path }) => `${s.id}:${path}`),
    );
    expect(json.sort()).toEqual([
      'enablement.feature-matrix:products.features',
      'exam.progress:tests.topics',
      'math.matrix:matrix',
      'math.matrix:rhs',
      'science.circuit:network',
      'study.sm2:cards.reviews',
    ]);
  });

  it('gives every field of every demo a label the skill wrote for people', () => {
    for (const id of demoSkills) {
      const props = (inputJsonSchema(getSkill(id)) as { properties: Record<string, { title?: string }> })
        .properties;
      for (const [name, prop] of Object.entries(props)) expect(prop.title, `${id} ${name}`).toBeDefined();
    }
  });

  it('picks the friendly control: a page by address or text, date pickers, grids, choices', () => {
    const seo = skillForm(getSkill('seo.page-audit')).fields;
    expect(byName(seo, 'html')).toMatchObject({ kind: 'page', label: 'Your page', required: true });
    expect(byName(seo, 'url')).toBeUndefined();
    const plan = skillForm(getSkill('study.revision-plan')).fields;
    expect(byName(plan, 'startDate')).toMatchObject({ kind: 'date', required: true });
    expect(byName(plan, 'exams')?.fields?.map((c) => [c.name, c.kind])).toEqual([
      ['subject', 'text'],
      ['date', 'date'],
    ]);
    expect(byName(plan, 'restDays')).toMatchObject({ kind: 'choices' });
    const leads = byName(skillForm(getSkill('sdr.lead-score')).fields, 'leads');
    expect(leads?.kind).toBe('table');
    expect(byName(leads?.fields ?? [], 'engagement.opens')?.label).toBe('Engagement: opens');
    expect(byName(leads?.fields ?? [], 'timeline')?.options?.[1]).toEqual({
      value: 'quarter',
      label: 'This quarter',
    });
    expect(byName(skillForm(getSkill('leadgen.icp-match')).fields, 'csv')?.kind).toBe('csv');
  });

  it('hides a random seed and turns a score record into a questionnaire', () => {
    expect(byName(skillForm(getSkill('math.practice-set')).fields, 'seed')).toBeUndefined();
    const answers = byName(skillForm(getSkill('career.riasec')).fields, 'answers');
    expect(answers?.kind).toBe('group');
    expect(answers?.fields).toHaveLength(36);
    expect(answers?.fields?.[0]).toMatchObject({
      name: 'R1',
      kind: 'select',
      label: 'Repair a bicycle or a household gadget',
    });
    expect(answers?.fields?.[0]?.options?.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
  });

  it('offers the shapes of a union as variants and numeric literals as a select', () => {
    const shape = byName(skillForm(getSkill('homework.geometry')).fields, 'shape');
    expect(shape).toMatchObject({ kind: 'variant', discriminator: 'kind' });
    expect(shape?.variants?.find((v) => v.value === 'circle')?.fields.map((f) => f.name)).toEqual(['radius']);
    const level = byName(skillForm(getSkill('science.quiz')).fields, 'classLevel');
    expect(level?.options).toEqual([
      { value: 9, label: 'Class 9' },
      { value: 10, label: 'Class 10' },
    ]);
  });
});
