import { describe, expect, it } from 'vitest';
import { analyseEmail, toE164 } from './contacts.js';

describe('analyseEmail', () => {
  it('canonicalises Gmail dots, +tags and googlemail', () => {
    expect(analyseEmail(' Priya.Sharma+news@GMAIL.com ').canonical).toBe('priyasharma@gmail.com');
    expect(analyseEmail('priyasharma@googlemail.com').canonical).toBe('priyasharma@gmail.com');
    expect(analyseEmail('a.b+x@company.com').canonical).toBe('a.b+x@company.com');
  });

  it('spots invalid, disposable, role and typo addresses', () => {
    expect(analyseEmail('no-at-sign').valid).toBe(false);
    expect(analyseEmail('a..b@x.com').valid).toBe(false);
    expect(analyseEmail('x@mailinator.com').disposable).toBe(true);
    expect(analyseEmail('info@acme.in').role).toBe(true);
    expect(analyseEmail('ravi@gmial.com').suggestion).toBe('ravi@gmail.com');
    expect(analyseEmail('ravi@acme.com').suggestion).toBeUndefined();
  });
});

describe('toE164', () => {
  it('normalises Indian numbers written many ways', () => {
    for (const raw of [
      '98765 43210',
      '098765-43210',
      '+91 98765 43210',
      '0091 9876543210',
      '919876543210',
      '(+91) 98765.43210',
    ]) {
      expect(toE164(raw, 'IN'), raw).toEqual({ ok: true, e164: '+919876543210' });
    }
  });

  it('handles US, UK trunk zeros and extensions', () => {
    expect(toE164('(415) 555-2671', 'US')).toEqual({ ok: true, e164: '+14155552671' });
    expect(toE164('1-415-555-2671', 'US')).toEqual({ ok: true, e164: '+14155552671' });
    expect(toE164('011 44 20 7946 0958', 'US')).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('+44 (0)20 7946 0958', 'IN')).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('020 7946 0958 ext. 12', 'GB')).toEqual({
      ok: true,
      e164: '+442079460958',
      extension: '12',
    });
  });

  it('rejects impossible numbers with a reason', () => {
    expect(toE164('12345', 'IN').ok).toBe(false);
    expect(toE164('call me', 'IN').ok).toBe(false);
    expect(toE164('+91 98765', 'US').ok).toBe(false);
  });

  it('knows every country, not only a built-in few', () => {
    expect(toE164('(11) 91234-5678', 'BR')).toEqual({ ok: true, e164: '+5511912345678' });
    expect(toE164('0044 20 7946 0958', 'US')).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('+55 11 1234', 'IN')).toEqual({ ok: false, problem: 'too short for BR numbers' });
    expect(toE164('98765 43210', 'ZZ').ok).toBe(false);
  });

  it('rejects numbers of the right length outside the numbering plan', () => {
    // US area codes never start with 0 or 1; a length check alone accepted these.
    expect(toE164('(055) 555-2671', 'US')).toEqual({ ok: false, problem: "not in US's numbering plan" });
    expect(toE164('+1 555 123 4567', 'IN').ok).toBe(false);
  });

  it('reads back the RFC 3966 extension it writes, so normalising twice changes nothing', () => {
    expect(toE164('+14155552671;ext=12', 'IN')).toEqual({ ok: true, e164: '+14155552671', extension: '12' });
  });
});
