// Recovery codes: ten per set, each two groups of five characters from an alphabet without
// look-alikes (docs/decisions/222), e.g. `7kq2m-xh4pz`: about 49 bits each.
import { randomInt } from 'node:crypto';
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT } from '@gv/contract';

const GROUP_LENGTH = 5;

function randomGroup(): string {
  let group = '';
  for (let i = 0; i < GROUP_LENGTH; i++) {
    group += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
  }
  return group;
}

/** A new set, as shown to the user once. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(`${randomGroup()}-${randomGroup()}`);
  return [...codes];
}

/** A 6-digit value is an app code; anything else the contract let through is a recovery code. */
export function isAppCode(code: string): boolean {
  return /^\d{6}$/.test(code.trim());
}

/**
 * The form codes are compared in: lower case, no dash or spaces, so `7KQ2M XH4PZ` matches
 * `7kq2m-xh4pz`.
 */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
