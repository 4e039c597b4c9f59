// Response serialization that remembers the text made for a frozen view (`frozenView`): a cached
// view sent again is not validated and stringified again. Anything else goes through as before.
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { isFrozenView } from '../components/cache/frozen-view.js';

/**
 * Wraps a serializer compiler: per route and status, the first serialization of a frozen view
 * (validated by the wrapped serializer as any answer is) is kept for as long as the view lives.
 */
export function keepingFrozenViews<S>(compile: FastifySerializerCompiler<S>): FastifySerializerCompiler<S> {
  return (route) => {
    const serialize = compile(route);
    const texts = new WeakMap<object, string>();
    return (data) => {
      if (!isFrozenView(data)) return serialize(data);
      let text = texts.get(data);
      if (text === undefined) {
        text = serialize(data);
        texts.set(data, text);
      }
      return text;
    };
  };
}
