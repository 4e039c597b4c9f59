// Parses JSON request bodies safely: the nesting depth is measured by one linear scan before any
// parsing (so a 10 KB body of brackets cannot exhaust the stack in a later recursive walk), then
// secure-json-parse (Fastify's own parser) refuses `__proto__` and `constructor.prototype` keys.
import secureJson from 'secure-json-parse';
import { PlatformError } from '../errors.js';

/**
 * The deepest nesting of arrays and objects in `text`, counting only brackets outside strings.
 * Stops early once `limit` is passed, so the cost is bounded by the text's length either way.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Parses a JSON body or throws BAD_REQUEST (empty, malformed, too deep, or prototype-poisoning). */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text.trim() === '') {
    throw new PlatformError('BAD_REQUEST', "Body cannot be empty when content-type is 'application/json'", {
      details: { reason: 'empty-body' },
    });
  }
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new PlatformError('BAD_REQUEST', `JSON body is nested deeper than ${maxDepth} levels`, {
      details: { reason: 'too-deep', maxDepth },
    });
  }
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (cause) {
    const poisoned = cause instanceof SyntaxError && /prototype/i.test(cause.message);
    throw new PlatformError(
      'BAD_REQUEST',
      poisoned ? 'JSON body may not set __proto__ or constructor.prototype' : 'Body is not valid JSON',
      { details: { reason: poisoned ? 'forbidden-key' : 'malformed-json' }, cause },
    );
  }
}
