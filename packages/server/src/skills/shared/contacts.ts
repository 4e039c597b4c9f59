// Contact-data normalisation shared by the email, CRM and lead skills: emails (syntax, canonical form
// for duplicate detection incl. Gmail dots and +tags, disposable and role addresses, domain typos) and
// phone numbers to E.164 with a default country.
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

interface CountryPlan {
  code: string;
  /** Allowed national significant number lengths. */
  lengths: readonly number[];
  /** Trunk prefix dialled before national numbers (dropped in E.164). */
  trunk?: string;
}

/** Calling plans for the countries customers use most; others are accepted by the E.164 rule alone. */
export const COUNTRY_PLANS: Record<string, CountryPlan> = {
  IN: { code: '91', lengths: [10], trunk: '0' },
  US: { code: '1', lengths: [10], trunk: '1' },
  CA: { code: '1', lengths: [10], trunk: '1' },
  GB: { code: '44', lengths: [9, 10], trunk: '0' },
  AU: { code: '61', lengths: [9], trunk: '0' },
  SG: { code: '65', lengths: [8] },
  AE: { code: '971', lengths: [8, 9], trunk: '0' },
  DE: { code: '49', lengths: [6, 7, 8, 9, 10, 11], trunk: '0' },
  FR: { code: '33', lengths: [9], trunk: '0' },
  NZ: { code: '64', lengths: [8, 9, 10], trunk: '0' },
  ZA: { code: '27', lengths: [9], trunk: '0' },
};

export type PhoneResult = { ok: true; e164: string; extension?: string } | { ok: false; problem: string };

/**
 * Normalises a phone number to E.164. `+` or `00` (`011` from North America) start an international
 * number; otherwise the default country's trunk prefix is dropped and its code added.
 */
export function toE164(raw: string, defaultCountry = 'IN'): PhoneResult {
  const extMatch = /\s*(?:ext\.?|x|#)\s*(\d{1,6})\s*$/i.exec(raw);
  const main = extMatch ? raw.slice(0, extMatch.index) : raw;
  if (/[a-wyz]/i.test(main)) return { ok: false, problem: 'contains letters' };
  const plus = main.trim().startsWith('+');
  let digits = main.replace(/\D/g, '');
  const plan = COUNTRY_PLANS[defaultCountry.toUpperCase()];
  let international = plus;
  if (!plus && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  } else if (!plus && digits.startsWith('011') && plan?.code === '1') {
    digits = digits.slice(3);
    international = true;
  }
  if (!international) {
    if (!plan) return { ok: false, problem: `no calling plan for default country ${defaultCountry}` };
    if (plan.trunk && digits.startsWith(plan.trunk) && !plan.lengths.includes(digits.length))
      digits = digits.slice(plan.trunk.length);
    // Numbers typed with the country code but no "+" ("919876543210").
    if (
      !plan.lengths.includes(digits.length) &&
      digits.startsWith(plan.code) &&
      plan.lengths.includes(digits.length - plan.code.length)
    ) {
      digits = digits.slice(plan.code.length);
    }
    if (!plan.lengths.includes(digits.length))
      return {
        ok: false,
        problem: `${digits.length} digits; ${defaultCountry} numbers have ${plan.lengths.join(' or ')}`,
      };
    digits = plan.code + digits;
  } else {
    const known = Object.values(COUNTRY_PLANS).find(
      (p) => digits.startsWith(p.code) && p.lengths.includes(digits.length - p.code.length),
    );
    const sameCode = Object.values(COUNTRY_PLANS).filter((p) => digits.startsWith(p.code));
    if (!known && sameCode.length > 0 && sameCode.every((p) => p.code.length === sameCode[0]?.code.length)) {
      // A leading trunk 0 after the country code ("+44 (0)20…") is a common mistake.
      const code = sameCode[0]?.code ?? '';
      const rest = digits.slice(code.length);
      const plan2 = sameCode[0];
      if (plan2?.trunk && rest.startsWith(plan2.trunk) && plan2.lengths.includes(rest.length - 1))
        digits = code + rest.slice(1);
      else
        return {
          ok: false,
          problem: `${rest.length} digits after +${code}; expected ${plan2?.lengths.join(' or ')}`,
        };
    }
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0'))
    return { ok: false, problem: 'not a valid E.164 length' };
  return extMatch
    ? { ok: true, e164: `+${digits}`, extension: extMatch[1] ?? '' }
    : { ok: true, e164: `+${digits}` };
}
