// Pseudonyms for personal data the audit trail must name but cannot later erase (it is hash-chained):
// an email becomes `email:<16 hex of SHA-256>`, which joins entries about one account without keeping
// the address (issue 15, right to be forgotten).
import { createHash } from 'node:crypto';

export function emailPseudonym(email: string): string {
  const digest = createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
  return `email:${digest.slice(0, 16)}`;
}
