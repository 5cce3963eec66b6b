import { TWO_FACTOR_REQUIRED_PROBLEM_TYPE as fromContract } from '@gv/contract';
import { describe, expect, it } from 'vitest';
import { TWO_FACTOR_REQUIRED_PROBLEM_TYPE } from './problem';

describe('problem types the console recognises', () => {
  it('names the two-factor-required problem as the contract does', () => {
    expect(TWO_FACTOR_REQUIRED_PROBLEM_TYPE).toBe(fromContract);
  });
});
