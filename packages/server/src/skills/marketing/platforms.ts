// Social platform rules used by the social, influencer and content skills: length limits (X counts
// URLs as 23 and wide characters as 2), the "see more" fold, hashtag ranges and good posting times.
import { z } from 'zod';

export interface PlatformRules {
  label: string;
  maxChars: number;
  /** Characters shown before "…see more"; the hook must fit here. */
  foldAt?: number;
  /** Recommended hashtag count [min, max]. */
  hashtags: readonly [number, number];
  /** Hard platform maximum of hashtags, when there is one. */
  hashtagLimit?: number;
  /** Whether links in the text are clickable. */
  clickableLinks: boolean;
  defaultTime: string;
  formats: readonly string[];
}

export const PLATFORM_RULES = {
  x: {
    label: 'X',
    maxChars: 280,
    hashtags: [0, 2],
    clickableLinks: true,
    defaultTime: '12:30',
    formats: ['single post', 'thread', 'poll', 'image post'],
  },
  linkedin: {
    label: 'LinkedIn',
    maxChars: 3000,
    foldAt: 210,
    hashtags: [3, 5],
    clickableLinks: true,
    defaultTime: '09:00',
    formats: ['text post', 'carousel (PDF)', 'poll', 'short video', 'article'],
  },
  instagram: {
    label: 'Instagram',
    maxChars: 2200,
    foldAt: 125,
    hashtags: [3, 15],
    hashtagLimit: 30,
    clickableLinks: false,
    defaultTime: '18:30',
    formats: ['carousel', 'reel', 'single image', 'story'],
  },
  facebook: {
    label: 'Facebook',
    maxChars: 63_206,
    foldAt: 477,
    hashtags: [0, 3],
    clickableLinks: true,
    defaultTime: '13:00',
    formats: ['image post', 'video', 'link post'],
  },
  threads: {
    label: 'Threads',
    maxChars: 500,
    hashtags: [0, 1],
    hashtagLimit: 1,
    clickableLinks: true,
    defaultTime: '11:00',
    formats: ['text post', 'image post'],
  },
} as const satisfies Record<string, PlatformRules>;

export type Platform = keyof typeof PLATFORM_RULES;
export const platformSchema = z.enum(Object.keys(PLATFORM_RULES) as [Platform, ...Platform[]]);

const URL_RE = /https?:\/\/[^\s]+/g;

/** Whether X counts this code point once (Latin, common punctuation) rather than twice (CJK, emoji). */
function xWeight(cp: number): number {
  return cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247)
    ? 1
    : 2;
}

/** Length as the platform counts it. X: each URL is 23, wide characters 2; others count code points. */
export function platformLength(text: string, platform: Platform): number {
  if (platform !== 'x') return [...text].length;
  const urls = text.match(URL_RE) ?? [];
  const rest = text.replace(URL_RE, '');
  let n = urls.length * 23;
  for (const ch of rest) n += xWeight(ch.codePointAt(0) ?? 0);
  return n;
}

/** Hashtags in a text (`#Word`, letters, digits and underscores, not starting with a digit only). */
export function hashtagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w&])#([\p{L}\p{N}_]+)/gu)]
    .map((m) => `#${m[1]}`)
    .filter((h) => !/^#\d+$/.test(h));
}
