// Checks an EmbedRequest the same way for every provider, and the offline provider's vectors: a
// hashed bag of words, so equal texts get equal vectors and shared words make vectors closer.
import { PlatformError } from '../errors.js';
import type { EmbedRequest } from './embedding-provider.js';

/** VALIDATION naming `input` when the list is empty, too long for one call, or holds a non-string. */
export function validateEmbedRequest(request: EmbedRequest, maxInputs: number): void {
  const n = Array.isArray(request.input) ? request.input.length : 0;
  const problem =
    n === 0
      ? 'needs at least one text'
      : n > maxInputs
        ? `holds ${n} texts; at most ${maxInputs} go in one call`
        : request.input.some((t) => typeof t !== 'string')
          ? 'must hold strings only'
          : undefined;
  if (problem)
    throw new PlatformError('VALIDATION', `Invalid embedding request: input ${problem}`, {
      details: { field: 'input', issues: [{ field: 'input', message: problem }] },
    });
}

/** FNV-1a: a fast, stable 32-bit hash of a word. */
function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A unit vector of `dimensions` for a text (all zeros for a text without words). */
export function hashedVector(text: string, dimensions = 64): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = hash(word);
    v[h % dimensions]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}
