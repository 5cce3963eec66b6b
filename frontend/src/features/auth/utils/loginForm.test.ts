import { loginRequestSchema } from '@gv/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loginFormSchema } from './loginForm';

const messages = (result: ReturnType<typeof loginFormSchema.safeParse>) =>
  result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);

describe('the sign-in form check', () => {
  it('never refuses what the contract accepts, and sends what the contract would', () => {
    const emails = fc.oneof(
      fc.emailAddress(),
      fc.emailAddress().map((email) => `  ${email.toUpperCase()} `),
      fc.string(),
    );
    fc.assert(
      fc.property(emails, fc.string({ maxLength: 30 }), (email, password) => {
        const contract = loginRequestSchema.safeParse({ email, password });
        const form = loginFormSchema.safeParse({ email, password });
        if (contract.success) expect(form).toEqual({ success: true, data: contract.data });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the contract’s messages for what it refuses', () => {
    const cases = [
      { email: '', password: '' },
      { email: '   ', password: 'secret' },
      { email: 'ada.example.com', password: 'secret' },
      { email: 'ada@example', password: 'secret' },
      { email: `${'a'.repeat(250)}@example.com`, password: 'secret' },
    ];
    for (const values of cases) {
      const contract = loginRequestSchema.safeParse(values);
      const expected = contract.success
        ? []
        : contract.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
      expect(messages(loginFormSchema.safeParse(values)), JSON.stringify(values)).toEqual(expected);
    }
  });
});
