// The sign-in form's check, written by hand: zod and the contract's schemas are the largest code
// a form needs, and Home and Login must stay within the first-screen budget (docs/decisions/174).
// It is never stricter than the contract's `loginRequestSchema` (loginForm.test.ts compares the
// two), so the server, which applies the contract, stays the judge of anything it lets through.
import type { LoginRequest } from '@gv/contract';
import type { FormSchema } from '../../../lib/forms/useForm';

const EMAIL_MAX_LENGTH = 254;
/** Something@something.something, without spaces: every address the contract accepts has it. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Issue = { path: string[]; message: string };

export const loginFormSchema: FormSchema<LoginRequest> = {
  safeParse(input) {
    const values = input as { email: string; password: string };
    const email = values.email.trim().toLowerCase();
    const issues: Issue[] = [];
    if (!email) issues.push({ path: ['email'], message: 'Email is required' });
    else if (email.length > EMAIL_MAX_LENGTH) {
      issues.push({ path: ['email'], message: 'Email must be at most 254 characters' });
    } else if (!EMAIL_SHAPE.test(email)) {
      issues.push({ path: ['email'], message: 'Enter a valid email address' });
    }
    if (!values.password) issues.push({ path: ['password'], message: 'Password is required' });
    return issues.length > 0
      ? { success: false, error: { issues } }
      : { success: true, data: { email, password: values.password } };
  },
};
