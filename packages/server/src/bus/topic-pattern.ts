// Topic and subscription-pattern grammar shared by both bus adapters (the Redis adapter mirrors
// `topicMatches` in Lua; bus.contract.ts and topic-pattern.test.ts keep the two in step).

/** Dotted topic: segments of letters, digits, `_`, `-`; at most 200 characters. */
export const TOPIC_REGEX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** Pattern: like a topic, but a segment may be `*` (exactly one segment) and the last may be `#` (zero or more). */
export const PATTERN_REGEX = /^(\*|#|(([A-Za-z0-9_-]+|\*)(\.([A-Za-z0-9_-]+|\*))*(\.#)?))$/;
/** Consumer-group names share the topic alphabet; they become part of Redis keys. */
export const GROUP_REGEX = TOPIC_REGEX;
export const MAX_TOPIC_LENGTH = 200;

export function isValidTopic(topic: string): boolean {
  return topic.length <= MAX_TOPIC_LENGTH && TOPIC_REGEX.test(topic);
}

export function isValidPattern(pattern: string): boolean {
  return pattern.length <= MAX_TOPIC_LENGTH && PATTERN_REGEX.test(pattern);
}

/**
 * Whether `topic` matches `pattern`: `*` alone or `#` alone match everything, a `*` segment matches
 * exactly one segment, a trailing `#` matches zero or more segments (`a.#` matches `a` and `a.b.c`).
 */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === '#') return true;
  if (pattern === topic) return true;
  const ps = pattern.split('.');
  const ts = topic.split('.');
  for (let i = 0; i < ps.length; i++) {
    const seg = ps[i];
    if (seg === '#') return true;
    if (i >= ts.length) return false;
    if (seg !== '*' && seg !== ts[i]) return false;
  }
  return ps.length === ts.length;
}
