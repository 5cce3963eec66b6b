// The sign-in code step's check, written by hand for the same reason as loginForm.ts: the step is
// part of the Login page's first screen, which zod would push over its budget. It is never
// stricter than the contract's `twoFactorSignInRequestSchema` (twoFactorForm.test.ts compares
// the two): the server stays the judge of anything it lets through.
import type { TwoFactorSignInRequest } from '@gv/contract';
import type { FormSchema } from '../../../lib/forms/useForm';

/** Where the code comes from: the authenticator app, or one of the saved recovery codes. */
export type CodeSource = 'app' | 'recovery';

/** Six digits from the app, or a recovery code (xxxxx-xxxxx, any case, dash optional). */
const CODE_SHAPE = /^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/;

const MESSAGES: Record<CodeSource, string> = {
  app: 'Enter the 6-digit code from your authenticator app',
  recovery: 'Enter one of your recovery codes (xxxxx-xxxxx)',
};

export function twoFactorFormSchema(
  challenge: string,
  source: CodeSource,
): FormSchema<TwoFactorSignInRequest> {
  return {
    safeParse(input) {
      // Apps show "123 456": the space is for reading, not part of the code.
      const code = (input as { code: string }).code.replace(/\s/g, '');
      return CODE_SHAPE.test(code)
        ? { success: true, data: { challenge, code } }
        : { success: false, error: { issues: [{ path: ['code'], message: MESSAGES[source] }] } };
    },
  };
}
