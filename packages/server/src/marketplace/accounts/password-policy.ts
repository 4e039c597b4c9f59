// The password policy: at least 10 characters (the contract checks that) and hard enough to guess by
// zxcvbn-ts's estimate — its dictionaries of common and breached passwords, names and words, keyboard
// patterns, repeats and sequences — with the account's own email, name and organisation as hints.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { PlatformError } from '../../errors.js';

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries take about half a second to load. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return estimator;
}

/**
 * Throws VALIDATION (field `password`, reason `weak-password`, an issue saying why and what to do)
 * when the password scores below MIN_PASSWORD_SCORE; `hints` are the account's own words.
 */
export function checkPasswordStrength(password: string, hints: readonly string[] = []): void {
  const words = hints.flatMap((h) => h.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 3);
  const result = zxcvbn().check(password.slice(0, 200), [...hints, ...words]);
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const why = result.feedback.warning ?? 'It would be guessed quickly.';
  const how = result.feedback.suggestions.join(' ') || 'Use a few uncommon words together.';
  const message = `is too easy to guess: ${why} ${how}`;
  throw new PlatformError('VALIDATION', `password ${message}`, {
    details: {
      field: 'password',
      reason: 'weak-password',
      score: result.score,
      issues: [{ path: 'password', message }],
    },
  });
}
