// The demo form: a skill's JSON Schema and example become fields, and edited text becomes input.
import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, fromTexts, labelFor, toText, type JsonSchema } from '../src/schema-fields.js';

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
