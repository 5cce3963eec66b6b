// What every API answer must look like, whatever was sent: never a 5xx, never a stack trace or
// SQL, and errors as problem+json carrying the request id, shaped as the contract documents them.
// Shared by the fuzzing tests.
import type { Response } from 'supertest';
import { expect } from 'vitest';
import { problemSchema } from '@gv/contract';

const LEAKS =
  /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|select .+ from|syntax error at or near|duplicate key|violates|out of range|invalid input syntax/i;

export function assertWellFormed(response: Response, what: string): void {
  const context = `${what} → ${response.status} ${response.text?.slice(0, 300)}`;
  expect(response.status, context).toBeLessThan(500);
  expect(response.text ?? '', context).not.toMatch(LEAKS);
  if (response.status >= 400) {
    expect(response.headers['content-type'], context).toMatch(/^application\/problem\+json/);
    const body = response.body as { status?: unknown; title?: unknown; requestId?: unknown };
    expect(body.status, context).toBe(response.status);
    expect(typeof body.title, context).toBe('string');
    expect(body.requestId, context).toBe(response.headers['x-request-id']);
    // What the OpenAPI document promises about problems (lengths included) must hold.
    const documented = problemSchema.safeParse(body);
    expect(documented.success ? [] : documented.error.issues, context).toEqual([]);
  }
}
