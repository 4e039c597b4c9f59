// Plain-text analysis used by the writing skills: sentences, words, syllables, passive voice.

/** Abbreviations whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st vs etc eg ie inc ltd co corp no approx fig dept est govt jan feb mar apr jun jul aug sep sept oct nov dec mt rs'.split(
    ' ',
  ),
);

/** Splits text into sentences; blank lines and Markdown headings / bullets also end a sentence. */
export function splitSentences(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push(current.join(' '));
    current = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const marker = /^(#{1,6}|[-*+]|\d+[.)])\s+/.exec(line);
    if (marker) flush();
    current.push(line.slice(marker ? marker[0].length : 0));
    // A heading is a sentence of its own even without punctuation.
    if (marker?.[1]?.startsWith('#')) flush();
  }
  flush();
  const out: string[] = [];
  for (const block of blocks) {
    let start = 0;
    const re = /[.!?]+["')\]’”]*(?=\s+|$)/g;
    for (let m = re.exec(block); m; m = re.exec(block)) {
      const end = m.index + m[0].length;
      const before = block.slice(start, m.index);
      const lastWord = /([A-Za-z]+)$/.exec(before.replace(/\.(?=[A-Za-z])/g, ''))?.[1] ?? '';
      const isAbbrev =
        m[0] === '.' && (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^[A-Z]$/.test(lastWord));
      const nextChar = block.slice(end).trimStart()[0];
      // A lower-case continuation after a short word and a period is most likely an abbreviation we do
      // not know ("approx. ten"); after a longer word it is a sentence typed without capitals.
      if (
        isAbbrev ||
        (m[0] === '.' && nextChar !== undefined && /[a-z]/.test(nextChar) && lastWord.length <= 3)
      )
        continue;
      const s = block.slice(start, end).trim();
      if (s) out.push(s);
      start = end;
    }
    const rest = block.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

const WORD_RE = /[A-Za-z\u00C0-\u024F]+(?:['’-][A-Za-z\u00C0-\u024F]+)*|\d+(?:[.,]\d+)*/g;

/** Words (letters with inner apostrophes/hyphens) and numbers, in order. */
export function words(text: string): string[] {
  return text.match(WORD_RE) ?? [];
}

/** Alphabetic words only, lower-cased. */
export function lowerWords(text: string): string[] {
  return words(text)
    .filter((w) => /[A-Za-z]/.test(w))
    .map((w) => w.toLowerCase().replace(/’/g, "'"));
}

/** Syllables in an English word, by vowel groups with the usual silent-e corrections. */
export function countSyllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]e)$/, (m) => m[0] ?? '');
  w = w.replace(/(?<=[^aeiouy])ed$/, (m, offset: number) => (/[td]$/.test(w.slice(0, offset)) ? m : ''));
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]+/g)?.length ?? 0;
  return Math.max(1, groups);
}

/** English stop words, for keyword extraction. */
export const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he her here hers herself him himself his how i if in into is isn't it it's its itself just let's me more most
  mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own same shan't she should shouldn't
  so some such than that that's the their theirs them themselves then there there's these they this those through to too under until
  up upon us very was wasn't we were weren't what when where which while who whom why will with won't would wouldn't you your yours
  yourself yourselves also may might must shall get got via per can't one two use using used new`.split(
    /\s+/,
  ),
);

/** Irregular past participles that signal passive voice after a form of "to be". */
const IRREGULAR_PARTICIPLES = new Set(
  `awoken been borne beaten become begun bent bet bitten bled blown broken brought built burnt bought caught chosen come cost crept cut
  dealt done drawn drunk driven eaten fallen fed felt fought found fled flown forbidden forgotten forgiven frozen got gotten given gone
  ground grown hung heard hidden hit held hurt kept known laid led left lent let lain lit lost made meant met paid put quit read ridden
  rung risen run said seen sought sold sent set shaken shed shot shown shut sung sunk sat slept slid spoken spent spun spread stood stolen
  stuck stung struck sworn swept swum swung taken taught torn told thought thrown understood woken worn won wound written`.split(
    /\s+/,
  ),
);

const BE_FORMS = /\b(am|is|are|was|were|be|been|being|get|gets|got|gotten|getting)\b/i;

/** Phrases like "was written", "is being reviewed", "were quickly approved" (a heuristic). */
export function findPassive(sentence: string): string[] {
  const tokens = sentence.split(/\s+/).map((t) => t.replace(/[^A-Za-z'’-]/g, ''));
  const hits: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!BE_FORMS.test(tokens[i] ?? '') || (tokens[i] ?? '').length === 0) continue;
    let j = i + 1;
    if ((tokens[j] ?? '').toLowerCase() === 'being') j++;
    if (/ly$/i.test(tokens[j] ?? '') && (tokens[j] ?? '').length > 3) j++;
    const cand = (tokens[j] ?? '').toLowerCase();
    if (
      (/[a-z]{2,}ed$/.test(cand) &&
        !/(need|feed|seed|speed|bleed|breed|proceed|exceed|succeed|indeed)$/.test(cand)) ||
      IRREGULAR_PARTICIPLES.has(cand)
    ) {
      hits.push(tokens.slice(i, j + 1).join(' '));
      i = j;
    }
  }
  return hits;
}

/** Readability figures for a text (Flesch reading ease, Flesch–Kincaid grade). */
export interface ReadabilityStats {
  sentences: number;
  words: number;
  syllables: number;
  wordsPerSentence: number;
  syllablesPerWord: number;
  fleschReadingEase: number;
  fleschKincaidGrade: number;
  complexWordRatio: number;
}

export function readability(text: string): ReadabilityStats {
  const sentences = splitSentences(text);
  const ws = sentences.flatMap((s) => lowerWords(s));
  const syllables = ws.reduce((n, w) => n + countSyllables(w), 0);
  const nS = Math.max(1, sentences.length);
  const nW = Math.max(1, ws.length);
  const wps = ws.length / nS;
  const spw = syllables / nW;
  return {
    sentences: sentences.length,
    words: ws.length,
    syllables,
    wordsPerSentence: wps,
    syllablesPerWord: spw,
    fleschReadingEase: 206.835 - 1.015 * wps - 84.6 * spw,
    fleschKincaidGrade: 0.39 * wps + 11.8 * spw - 15.59,
    complexWordRatio: ws.filter((w) => countSyllables(w) >= 3).length / nW,
  };
}

/** The usual reading of a Flesch reading-ease score. */
export function fleschBand(score: number): string {
  if (score >= 90) return 'very easy (age 11)';
  if (score >= 80) return 'easy';
  if (score >= 70) return 'fairly easy';
  if (score >= 60) return 'plain English (age 13–15)';
  if (score >= 50) return 'fairly difficult';
  if (score >= 30) return 'difficult (college)';
  return 'very difficult (graduate)';
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word, case-insensitive occurrences of a phrase (phrase spaces match any whitespace). */
export function countPhrase(text: string, phrase: string): number {
  const p = phrase.trim();
  if (!p) return 0;
  const re = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(p).replace(/\s+/g, '\\s+')}(?![A-Za-z0-9])`, 'gi');
  return text.match(re)?.length ?? 0;
}

/** Title Case for headings (keeps small words lower except first). */
export function titleCase(text: string): string {
  const small = new Set([
    'a',
    'an',
    'and',
    'as',
    'at',
    'but',
    'by',
    'for',
    'in',
    'of',
    'on',
    'or',
    'the',
    'to',
    'vs',
    'with',
  ]);
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => (i > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1)))
    .join(' ');
}

/** Cuts text to at most `max` characters at a word boundary, adding an ellipsis when cut. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const at = cut.lastIndexOf(' ');
  return `${(at > max * 0.5 ? cut.slice(0, at) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
