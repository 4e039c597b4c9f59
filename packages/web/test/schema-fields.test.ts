// The demo form: a skill's JSON Schema and example become react-hook-form fields and rules, and the
// edited values become input.
import { describe, expect, it } from 'vitest';
import {
  fieldRules,
  fieldsFromSchema,
  formValues,
  fromTexts,
  labelFor,
  toText,
  type JsonSchema,
} from '../src/schema-fields.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['topic', 'count'],
  properties: {
    topic: { type: 'string', maxLength: 120 },
    pageUrl: { type: 'string', maxLength: 2000 },
    body: { type: 'string', maxLength: 5000 },
    count: { type: 'integer', minimum: 1 },
    tone: { type: 'string', enum: ['formal', 'casual'] },
    keywords: { type: 'array', items: { type: 'string' } },
    scores: { type: 'array', items: { type: 'number' } },
    strict: { type: 'boolean' },
    leads: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
  },
};

describe('fieldsFromSchema', () => {
  it('maps each property to the simplest control that can edit it', () => {
    const fields = fieldsFromSchema(schema, { topic: 'x' }) ?? [];
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['topic', 'text'],
      ['pageUrl', 'text'],
      ['body', 'textarea'],
      ['count', 'number'],
      ['tone', 'select'],
      ['keywords', 'lines'],
      ['scores', 'lines'],
      ['strict', 'boolean'],
      ['leads', 'json'],
    ]);
    expect(fields[0]).toMatchObject({ label: 'Topic', required: true });
  });

  it('declines schemas that are not objects', () => {
    expect(fieldsFromSchema({ type: 'array' }, [])).toBeUndefined();
  });

  it('labels camelCase and snake_case names', () => {
    expect(labelFor('targetKeywords')).toBe('Target keywords');
    expect(labelFor('max_items')).toBe('Max items');
  });
});

describe('fromTexts', () => {
  const fields = fieldsFromSchema(schema, {}) ?? [];
  it('round-trips an example through the field texts', () => {
    const example = {
      topic: 'SEO',
      count: 3,
      tone: 'formal',
      keywords: ['a', 'b'],
      scores: [1, 2.5],
      strict: true,
      leads: [{ name: 'A' }],
    };
    const texts = Object.fromEntries(
      fields.map((f) => [f.name, toText(f, (example as Record<string, unknown>)[f.name])]),
    );
    expect(fromTexts(fields, texts)).toEqual({ input: example, errors: {} });
  });

  it('names the fields that are missing or malformed', () => {
    const { errors } = fromTexts(fields, { topic: '', count: 'many', scores: '1\nx', leads: '{' });
    expect(errors).toEqual({
      topic: 'Topic is required',
      count: 'Count must be a number',
      scores: 'Scores: every line must be a number',
      leads: 'Leads is not valid JSON',
    });
  });
});

describe('formValues and fieldRules', () => {
  const fields = fieldsFromSchema(schema, {}) ?? [];
  const at = (name: string) => fields.findIndex((f) => f.name === name);

  it('starts checkboxes as booleans and every other control as text', () => {
    const values = formValues(fields, { topic: 'SEO', strict: true, keywords: ['a', 'b'] });
    expect(values[at('strict')]).toBe(true);
    expect(values[at('keywords')]).toBe('a\nb');
    expect(values[at('count')]).toBe('');
  });

  it('validates a field with the same rule that converts it', () => {
    const rule = (name: string) => fieldRules(fields[at(name)]!).validate;
    expect(rule('count')('many')).toBe('Count must be a number');
    expect(rule('count')('3')).toBe(true);
    expect(rule('topic')(' ')).toBe('Topic is required');
    expect(rule('strict')(false)).toBe(true);
  });

  it('reads a checkbox boolean back into input', () => {
    expect(fromTexts(fields, { topic: 'x', count: '1', strict: false }).input).toMatchObject({
      strict: false,
    });
  });
});
