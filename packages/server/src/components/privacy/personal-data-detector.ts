// Finds personal data in free text: emails, phone numbers (libphonenumber-js), card-like numbers that
// pass the Luhn check, street addresses and postcodes, and the names a tenant's records hold. Pure:
// the spans it returns are masked by PrivacyVault before any model sees the text.
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { mayHoldPhoneNumber, phoneDigitsMin } from './phone-prefilter.js';
import { LRUCache } from 'lru-cache';

/** The kinds of personal data masked; a receipt counts masked values per kind, never the values. */
export type PersonalDataKind = 'email' | 'phone' | 'card' | 'address' | 'name';

export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['email', 'phone', 'card', 'address', 'name'];

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  start: number;
  end: number;
  value: string;
}

export interface PersonalDataDetectorOptions {
  /** Region for phone numbers written without a country code (default `IN`, the platform's home market); `+` numbers work anywhere. */
  phoneRegion?: CountryCode;
  /** People's names from the tenant's records (users, contacts); matched as whole words, any case. */
  names?: readonly string[];
  /** Texts already found clean, shared by the detectors of many calls (see CleanTexts). */
  cleanTexts?: CleanTexts;
}

/**
 * Texts in which a detector found no email, card, phone or address, so that a text every call
 * repeats — an agent's system prompt — is scanned once rather than per call (the phone scan is most
 * of a decision's masking cost). Only clean texts are kept, so no personal value that was found is
 * held here; names are per tenant and always matched.
 */
export class CleanTexts {
  private readonly texts = new LRUCache<string, true>({ max: 1000 });
  /** Longer texts are scanned each time: rarely repeated, and costly to hold. */
  static readonly MAX_LENGTH = 8192;

  has(region: CountryCode, text: string): boolean {
    return text.length <= CleanTexts.MAX_LENGTH && this.texts.has(`${region}\0${text}`);
  }

  add(region: CountryCode, text: string): void {
    if (text.length <= CleanTexts.MAX_LENGTH) this.texts.set(`${region}\0${text}`, true);
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes; the Luhn check keeps order numbers out.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const STREET_SUFFIX =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Marg|Nagar';
const STREET = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'-]*\s+){1,4}(?:${STREET_SUFFIX})\b\.?` +
    String.raw`(?:,?\s+(?:Apt|Suite|Unit|Flat)\.?\s*\w+)?`,
  'g',
);
// UK postcodes and a US "State 12345(-6789)" tail; bare five-digit numbers are left alone.
const POSTCODE = /\b(?:[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}|[A-Z]{2}\s+\d{5}(?:-\d{4})?)\b/g;

/** True when the digits pass the Luhn checksum card numbers carry. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD_EDGE = ['(?<![\\p{L}\\p{N}])(?:', ')(?![\\p{L}\\p{N}])'] as const;

function wordsPattern(words: Iterable<string>, flags: string): RegExp | undefined {
  const list = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return list.length ? new RegExp(`${WORD_EDGE[0]}${list.join('|')}${WORD_EDGE[1]}`, flags) : undefined;
}

/**
 * Whole names in any case, then each part of three or more letters (a model may write "Dear Priya"),
 * matched only capitalised, so "will" or "mark" as ordinary words stay.
 */
function namePatterns(names: readonly string[]): RegExp[] {
  const full = new Set<string>();
  const parts = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name.length < 3) continue;
    full.add(name);
    for (const part of name.split(' '))
      if (part.length >= 3) parts.add(part.charAt(0).toUpperCase() + part.slice(1));
  }
  return [wordsPattern(full, 'giu'), wordsPattern(parts, 'gu')].filter((r): r is RegExp => !!r);
}

function collect(
  re: RegExp,
  text: string,
  kind: PersonalDataKind,
  out: PersonalDataSpan[],
  keep?: (v: string) => boolean,
) {
  for (const m of text.matchAll(re)) {
    const value = m[0];
    if (keep && !keep(value)) continue;
    out.push({ kind, start: m.index, end: m.index + value.length, value });
  }
}

/** Detects personal data; build one per tenant (its names) and reuse it. */
export class PersonalDataDetector {
  private readonly names: RegExp[];
  private readonly region: CountryCode;
  private readonly cleanTexts: CleanTexts | undefined;
  private readonly phoneMin: number;

  constructor(options: PersonalDataDetectorOptions = {}) {
    this.names = namePatterns(options.names ?? []);
    this.region = options.phoneRegion ?? 'IN';
    this.cleanTexts = options.cleanTexts;
    this.phoneMin = phoneDigitsMin(this.region);
  }

  /** The spans found, in text order, without overlaps (the earlier, then the longer span wins). */
  find(text: string): PersonalDataSpan[] {
    const spans: PersonalDataSpan[] = [];
    if (!this.cleanTexts?.has(this.region, text)) {
      collect(EMAIL, text, 'email', spans);
      collect(CARD, text, 'card', spans, (v) => luhnValid(v.replace(/[ -]/g, '')));
      // libphonenumber throws and catches per candidate; most texts cannot hold a number at all.
      const phones = mayHoldPhoneNumber(text, this.phoneMin) ? findPhoneNumbersInText(text, this.region) : [];
      for (const p of phones)
        spans.push({
          kind: 'phone',
          start: p.startsAt,
          end: p.endsAt,
          value: text.slice(p.startsAt, p.endsAt),
        });
      collect(STREET, text, 'address', spans);
      collect(POSTCODE, text, 'address', spans);
      if (spans.length === 0) this.cleanTexts?.add(this.region, text);
    }
    for (const re of this.names) collect(re, text, 'name', spans);
    // Kinds found first (emails, cards) win a tie, so a card is never half masked as a phone.
    const order = (k: PersonalDataKind) => PERSONAL_DATA_KINDS.indexOf(k);
    spans.sort((a, b) => a.start - b.start || b.end - a.end || order(a.kind) - order(b.kind));
    const out: PersonalDataSpan[] = [];
    let end = -1;
    for (const s of spans) {
      if (s.start < end) continue;
      out.push(s);
      end = s.end;
    }
    return out;
  }
}
