// Reversible masking for one model call: each personal value becomes a token such as `[EMAIL_1]` (the
// same value, the same token), and tokens in the model's answer are turned back into the values. The
// vault lives in memory for the call only; what leaves is the count per kind, never a value.
import type { PersonalDataDetector, PersonalDataKind } from './personal-data-detector.js';

/** Masked values per kind, e.g. `{ email: 2, phone: 1 }`; kinds with none are absent. */
export type MaskedCounts = Partial<Record<PersonalDataKind, number>>;

const TOKEN = /\[(EMAIL|PHONE|CARD|ADDRESS|NAME)_(\d{1,4})\]/g;

export class PrivacyVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly perKind = new Map<PersonalDataKind, number>();

  constructor(private readonly detector: PersonalDataDetector) {}

  /** The text with every personal value replaced by its token. */
  mask(text: string): string {
    const spans = this.detector.find(text);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + this.tokenFor(s.kind, s.value);
      at = s.end;
    }
    return out + text.slice(at);
  }

  /** The text with this vault's tokens turned back into the values; unknown tokens stay as written. */
  unmask(text: string): string {
    return text.replace(TOKEN, (token) => this.byToken.get(token) ?? token);
  }

  /** Masks (or unmasks) every string inside a JSON value: tool-call arguments, structured facts. */
  maskValue(value: unknown): unknown {
    return mapStrings(value, (s) => this.mask(s));
  }

  unmaskValue(value: unknown): unknown {
    return mapStrings(value, (s) => this.unmask(s));
  }

  /** Distinct values masked so far, per kind. */
  counts(): MaskedCounts {
    return Object.fromEntries(this.perKind) as MaskedCounts;
  }

  private tokenFor(kind: PersonalDataKind, value: string): string {
    const key = `${kind}\u0000${value.toLowerCase()}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, n);
    const token = `[${kind.toUpperCase()}_${n}]`;
    this.byValue.set(key, token);
    this.byToken.set(token, value);
    return token;
  }
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}
