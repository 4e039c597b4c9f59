// Contact-data normalisation shared by the email, CRM and lead skills: emails (syntax, canonical form
// for duplicate detection incl. Gmail dots and +tags, disposable and role addresses, domain typos) and
// phone numbers to E.164 with a default country (libphonenumber-js).
import {
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { osaDistance } from './similarity.js';

const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Providers where "+tag" is a sub-address of the same mailbox. */
const PLUS_PROVIDERS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'icloud.com',
  'me.com',
  'fastmail.com',
  'protonmail.com',
  'proton.me',
  'zoho.com',
]);

export const DISPOSABLE_DOMAINS = new Set(
  `mailinator.com 10minutemail.com guerrillamail.com guerrillamail.net sharklasers.com yopmail.com tempmail.com temp-mail.org
  trashmail.com getnada.com dispostable.com throwawaymail.com maildrop.cc fakeinbox.com mintemail.com mohmal.com
  emailondeck.com tempail.com tempr.email discard.email spamgourmet.com mailnesia.com mytemp.email burnermail.io
  33mail.com inboxkitten.com moakt.com tmail.ws tempinbox.com mailcatch.com spambox.us trash-mail.com 1secmail.com`.split(
    /\s+/,
  ),
);

const ROLE_LOCALS = new Set([
  'admin',
  'info',
  'sales',
  'support',
  'contact',
  'hello',
  'help',
  'office',
  'marketing',
  'noreply',
  'no-reply',
  'webmaster',
  'hr',
  'jobs',
  'careers',
  'billing',
  'accounts',
  'team',
  'enquiries',
  'enquiry',
  'postmaster',
  'abuse',
]);

const POPULAR_DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'yahoo.co.in',
  'hotmail.com',
  'outlook.com',
  'rediffmail.com',
  'icloud.com',
  'live.com',
  'protonmail.com',
  'aol.com',
  'zoho.com',
];
/** Real domains one typo away from a popular one; never "corrected". */
const LOOKALIKE_REAL = new Set([
  'ymail.com',
  'mail.com',
  'gmx.com',
  'live.in',
  'outlook.in',
  'hotmail.co.uk',
  'yahoo.co.uk',
  'me.com',
  'mac.com',
]);

export interface EmailInfo {
  /** Trimmed, lower-cased address. */
  email: string;
  valid: boolean;
  /** Form used to detect duplicates: Gmail dots removed, +tags dropped where the provider ignores them. */
  canonical: string;
  domain: string;
  disposable: boolean;
  role: boolean;
  /** A likely intended domain for a typo ("gmial.com" → "gmail.com"). */
  suggestion?: string;
  problem?: string;
}

/** Analyses one email address. */
export function analyseEmail(raw: string): EmailInfo {
  const email = raw
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  const at = email.lastIndexOf('@');
  const local = at > 0 ? email.slice(0, at) : email;
  let domain = at > 0 ? email.slice(at + 1) : '';
  const valid = EMAIL_RE.test(email) && email.length <= 254 && local.length <= 64 && !email.includes('..');
  let canonicalLocal = local;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (PLUS_PROVIDERS.has(domain)) canonicalLocal = canonicalLocal.replace(/\+.*$/, '');
  if (domain === 'gmail.com') canonicalLocal = canonicalLocal.replace(/\./g, '');
  let suggestion: string | undefined;
  if (domain && !POPULAR_DOMAINS.includes(domain) && !LOOKALIKE_REAL.has(domain)) {
    const near = POPULAR_DOMAINS.map((d) => ({ d, dist: osaDistance(domain, d) })).sort(
      (a, b) => a.dist - b.dist,
    )[0];
    if (near && near.dist > 0 && near.dist <= (near.d.length > 10 ? 2 : 1)) suggestion = `${local}@${near.d}`;
  }
  const info: EmailInfo = {
    email,
    valid,
    canonical: valid ? `${canonicalLocal}@${domain}` : email,
    domain,
    disposable: DISPOSABLE_DOMAINS.has(domain),
    role: ROLE_LOCALS.has(local.replace(/\+.*$/, '')),
  };
  if (suggestion) info.suggestion = suggestion;
  if (!valid)
    info.problem = at <= 0 ? 'missing @' : !domain.includes('.') ? 'domain has no dot' : 'invalid syntax';
  return info;
}

export type PhoneResult = { ok: true; e164: string; extension?: string } | { ok: false; problem: string };

/** An extension at the end: "ext. 12", "x12", "#12", or the RFC 3966 ";ext=12" that E.164 output carries. */
const EXTENSION = /\s*(?:;\s*ext=|ext\.?|x|#)\s*(\d{1,6})\s*$/i;

const LENGTH_PROBLEMS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'a length no number has',
  INVALID_COUNTRY: 'no country calling code',
  NOT_A_NUMBER: 'not a phone number',
};

/** Parses with libphonenumber's full metadata; undefined when the text is not a number at all. */
function parse(text: string, country: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberWithError(text, { defaultCountry: country });
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/**
 * Normalises a phone number to E.164 with libphonenumber-js (every country's numbering plan, not just
 * lengths). `+`, `00` or the default country's international prefix (`011` in North America) start an
 * international number; otherwise the number is read as the default country would dial it (trunk `0`
 * dropped, country code added). A number that fits no allocated range is rejected with the reason.
 */
export function toE164(raw: string, defaultCountry = 'IN'): PhoneResult {
  const extMatch = EXTENSION.exec(raw);
  const main = extMatch ? raw.slice(0, extMatch.index) : raw;
  // Vanity numbers (1-800-FLOWERS) are not contact data we can verify; libphonenumber would map letters.
  if (/[a-wyz]/i.test(main)) return { ok: false, problem: 'contains letters' };
  const country = defaultCountry.toUpperCase();
  if (!isSupportedCountry(country))
    return { ok: false, problem: `no calling plan for default country ${defaultCountry}` };
  // libphonenumber reads "+" only at the start: "(+91) 98765…" is common in forms.
  const text = main.replace(/[()]/g, ' ').trim();
  let phone = parse(text, country);
  // "00" is the international prefix almost everywhere, even where the local one differs (011 in the US).
  if (!phone?.isValid() && /^00\d/.test(text.replace(/[^\d]/g, '')))
    phone = parse(`+${text.replace(/^[^\d]*00/, '')}`, country) ?? phone;
  if (!phone) return { ok: false, problem: 'not a phone number' };
  if (!phone.isValid()) {
    const length = validatePhoneNumberLength(text, country);
    const where = phone.country ?? `+${phone.countryCallingCode}`;
    return {
      ok: false,
      problem: length
        ? `${LENGTH_PROBLEMS[length] ?? length} for ${where} numbers`
        : `not in ${where}'s numbering plan`,
    };
  }
  return extMatch
    ? { ok: true, e164: phone.number, extension: extMatch[1] ?? '' }
    : { ok: true, e164: phone.number };
}
