// Frozen views keep their JSON per route; everything else is serialized on every answer.
import { describe, expect, it } from 'vitest';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { frozenView, isFrozenView } from '../components/cache/frozen-view.js';
import { keepingFrozenViews } from './frozen-view-serializer.js';

function counting() {
  const calls: unknown[] = [];
  const compile: FastifySerializerCompiler<unknown> = () => (data) => {
    calls.push(data);
    return JSON.stringify(data);
  };
  return { calls, compile: keepingFrozenViews(compile) };
}
const route = { schema: {}, method: 'GET', url: '/me', httpStatus: '200' };

describe('keepingFrozenViews', () => {
  it('serializes a frozen view once per route and a plain answer every time', () => {
    const { calls, compile } = counting();
    const serialize = compile(route);
    const view = frozenView({ user: { name: 'Ann' } });
    expect(serialize(view)).toBe('{"user":{"name":"Ann"}}');
    expect(serialize(view)).toBe('{"user":{"name":"Ann"}}');
    const plain = { user: { name: 'Bob' } };
    serialize(plain);
    plain.user.name = 'Bea';
    expect(serialize(plain)).toBe('{"user":{"name":"Bea"}}');
    expect(calls).toEqual([view, plain, plain]);
    // Another route (another schema) serializes the same view itself.
    compile({ ...route, url: '/other' })(view);
    expect(calls).toHaveLength(4);
  });

  it('freezes a view all the way down, so its text cannot go stale', () => {
    const view = frozenView({ user: { name: 'Ann', tags: ['a'] } });
    expect(isFrozenView(view)).toBe(true);
    expect(isFrozenView({ ...view })).toBe(false);
    expect(Object.isFrozen(view.user)).toBe(true);
    expect(Object.isFrozen(view.user.tags)).toBe(true);
    expect(() => {
      (view.user as { name: string }).name = 'Eve';
    }).toThrow(TypeError);
  });
});
