// Deterministic text similarity for the decision memory tier: cosine over word unigrams and bigrams
// (lower-cased, punctuation dropped). No embeddings, no model: the same texts always score the same.

export type TermVector = Map<string, number>;

/** Term counts of a text: its words and adjacent word pairs. */
export function termVector(text: string): TermVector {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const v: TermVector = new Map();
  const add = (t: string) => v.set(t, (v.get(t) ?? 0) + 1);
  words.forEach((w, i) => {
    add(w);
    if (i > 0) add(`${words[i - 1]} ${w}`);
  });
  return v;
}

function norm(v: TermVector): number {
  let s = 0;
  for (const c of v.values()) s += c * c;
  return Math.sqrt(s);
}

/** Cosine similarity in [0, 1]; 1 for identical term multisets, 0 when either text has no words. */
export function cosineSimilarity(a: TermVector, b: TermVector): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, c] of small) dot += c * (large.get(t) ?? 0);
  return Math.min(1, dot / (na * nb));
}

export function textSimilarity(a: string, b: string): number {
  return cosineSimilarity(termVector(a), termVector(b));
}
