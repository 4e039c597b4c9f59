import { describe, expect, it } from 'vitest';
import { CleanTexts, PersonalDataDetector, luhnValid } from './personal-data-detector.js';
import { PrivacyVault } from './privacy-vault.js';

const detector = new PersonalDataDetector({ names: ['Priya Raman', 'Jo'], phoneRegion: 'US' });
const kinds = (text: string) => detector.find(text).map((s) => [s.kind, s.value]);

describe('PersonalDataDetector', () => {
  it('finds emails, phone numbers in national and international form, and Luhn-valid cards', () => {
    expect(kinds('Mail priya.r+news@acme.co.uk, call (415) 555-2671 or +44 20 7946 0958.')).toEqual([
      ['email', 'priya.r+news@acme.co.uk'],
      ['phone', '(415) 555-2671'],
      ['phone', '+44 20 7946 0958'],
    ]);
    expect(kinds('Card 4111 1111 1111 1111 paid order 4111 1111 1111 1112.')).toEqual([
      ['card', '4111 1111 1111 1111'],
    ]);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('finds street addresses and postcodes, and leaves dates, amounts and ids alone', () => {
    expect(kinds('Ship to 221B Baker Street, London NW1 6XE or 1600 Pennsylvania Avenue, DC 20500.')).toEqual(
      [
        ['address', '221B Baker Street'],
        ['address', 'NW1 6XE'],
        ['address', '1600 Pennsylvania Avenue'],
        ['address', 'DC 20500'],
      ],
    );
    expect(kinds('On 2026-01-05 invoice INV-2026-0001 came to 1250.00 for 12 seats, run run_01J9.')).toEqual(
      [],
    );
  });

  it("masks the tenant's names whole in any case and by part when capitalised, never names under 3 letters", () => {
    expect(kinds('PRIYA RAMAN wrote; thanks Priya, and Raman too. priya lower. Jo and Joanne.')).toEqual([
      ['name', 'PRIYA RAMAN'],
      ['name', 'Priya'],
      ['name', 'Raman'],
    ]);
  });
});

describe('PrivacyVault', () => {
  it('gives one token per distinct value, restores tokens, counts per kind and leaves unknown tokens', () => {
    const vault = new PrivacyVault(detector);
    const masked = vault.mask('Priya Raman <p@acme.test> and again p@acme.test, call +1 415 555 2671');
    expect(masked).toBe('[NAME_1] <[EMAIL_1]> and again [EMAIL_1], call [PHONE_1]');
    expect(vault.counts()).toEqual({ name: 1, email: 1, phone: 1 });
    expect(vault.unmask('Dear [NAME_1], we wrote to [EMAIL_1] and [EMAIL_9].')).toBe(
      'Dear Priya Raman, we wrote to p@acme.test and [EMAIL_9].',
    );
    expect(vault.unmaskValue(vault.maskValue({ to: ['p@acme.test'], n: 3 }))).toEqual({
      to: ['p@acme.test'],
      n: 3,
    });
  });
});

describe('PersonalDataDetector defaults', () => {
  it('reads national numbers as Indian by default', () => {
    expect(new PersonalDataDetector().find('Ring 098765 43210 today').map((s) => s.kind)).toEqual(['phone']);
  });
});

describe('CleanTexts', () => {
  it('remembers only texts with no personal data; names are still matched in a remembered text', () => {
    const cleanTexts = new CleanTexts();
    const system = 'You are Priya’s reviewer. Answer with JSON, confidence between 0 and 1.';
    const first = new PersonalDataDetector({ cleanTexts });
    expect(first.find(system)).toEqual([]);
    expect(cleanTexts.has('IN', system)).toBe(true);
    // Another tenant's detector, sharing the memo, still finds its own people's names.
    const other = new PersonalDataDetector({ cleanTexts, names: ['Priya Shah'] });
    expect(other.find(system).map((s) => s.value)).toEqual(['Priya']);
    // A region reads national numbers differently, so what is clean is remembered per region.
    expect(cleanTexts.has('US', system)).toBe(false);

    const withData = 'Call +44 20 7946 0958 or write to a@b.co';
    expect(first.find(withData).map((s) => s.kind)).toEqual(['phone', 'email']);
    expect(cleanTexts.has('IN', withData)).toBe(false);
    expect(first.find(withData).map((s) => s.kind)).toEqual(['phone', 'email']);
  });
});
