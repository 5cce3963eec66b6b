// The password-strength rule: the server enforces it and the register and change-password forms
// preview it, with the same estimator (zxcvbn-ts), dictionaries and personal words. It is a
// separate entry point (`@gv/contract/password-strength`), not part of the contract's index:
// the dictionaries are several hundred kilobytes, so the console loads this only on the forms
// that need it (see docs/decisions/121).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as commonLanguage from '@zxcvbn-ts/language-common';
import * as englishLanguage from '@zxcvbn-ts/language-en';

/** zxcvbn scores 0–4; 3 means "safely unguessable" against an online attack with throttling. */
export type PasswordScore = 0 | 1 | 2 | 3 | 4;
export const PASSWORD_MIN_SCORE: PasswordScore = 3;
export const PASSWORD_SCORE_LABELS: Record<PasswordScore, string> = {
  0: 'Very weak',
  1: 'Weak',
  2: 'Fair',
  3: 'Strong',
  4: 'Very strong',
};

/** Who the password belongs to: their email and name must not be (in) it. */
export interface PasswordOwner {
  email?: string | undefined;
  name?: string | undefined;
}

export interface PasswordAssessment {
  score: PasswordScore;
  acceptable: boolean;
  /** Why the password is refused, as the form and the API show it; null when acceptable. */
  problem: string | null;
  suggestions: string[];
}

export const PERSONAL_DATA_PROBLEM = 'Do not use your email address or name in your password';

/**
 * Pattern matching is super-linear in the password's length: only the first characters are
 * analysed (a longer password is judged by its first 64) and l33t substitutions are capped,
 * which keeps the worst case near 100 ms on one core instead of seconds.
 */
const ANALYSED_LENGTH = 64;
const MAX_L33T_SUBSTITUTIONS = 4;
/** Shorter personal words ("al", "jo") would refuse too many good passwords by accident. */
const MIN_PERSONAL_WORD_LENGTH = 4;

let estimator: ZxcvbnFactory | undefined;
/** Built on first use: ranking the dictionaries takes a few hundred milliseconds. */
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonLanguage.dictionary, ...englishLanguage.dictionary },
    graphs: commonLanguage.adjacencyGraphs,
    translations: englishLanguage.translations,
    maxLength: ANALYSED_LENGTH,
    l33tMaxSubstitutions: MAX_L33T_SUBSTITUTIONS,
  });
  return estimator;
}

/** The email, its local part and the name: words the password may not contain. */
export function personalWords(owner: PasswordOwner): string[] {
  const email = owner.email?.trim().toLowerCase() ?? '';
  const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  const name = owner.name?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  const words = [email, localPart, name, name.replace(/ /g, '')];
  return [...new Set(words.filter((word) => word.length >= MIN_PERSONAL_WORD_LENGTH))];
}

export function assessPassword(password: string, owner: PasswordOwner = {}): PasswordAssessment {
  const words = personalWords(owner);
  const lowered = password.toLowerCase();
  const nameWords = (owner.name ?? '').split(/\s+/).filter((word) => word.length > 0);
  const result = getEstimator().check(password, [...words, ...nameWords]);
  const score = result.score;
  const suggestions = result.feedback.suggestions;

  if (words.some((word) => lowered.includes(word))) {
    return { score: 0, acceptable: false, problem: PERSONAL_DATA_PROBLEM, suggestions };
  }
  if (score < PASSWORD_MIN_SCORE) {
    const problem = [
      'This password is too easy to guess.',
      result.feedback.warning,
      suggestions[0] ?? 'Add a few more uncommon words.',
    ]
      .filter(Boolean)
      .join(' ');
    return { score, acceptable: false, problem, suggestions };
  }
  return { score, acceptable: true, problem: null, suggestions };
}
