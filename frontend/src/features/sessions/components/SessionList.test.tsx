import type { Session } from '@gv/contract';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatExact } from '../../../lib/dates';
import { SessionList } from './SessionList';

const phone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

function session(id: string, createdAt: string, lastUsedAt: string): Session {
  return {
    id,
    userAgent: phone,
    ip: '203.0.113.7',
    createdAt,
    lastUsedAt,
    expiresAt: '2026-04-01T00:00:00.000Z',
    current: false,
  };
}

describe('session list', () => {
  it('tells two identical devices apart by their details', async () => {
    const older = session(
      '11111111-1111-4111-8111-111111111111',
      '2026-02-01T08:00:00.000Z',
      '2026-03-01T09:00:00.000Z',
    );
    const newer = session(
      '22222222-2222-4222-8222-222222222222',
      '2026-02-20T10:30:00.000Z',
      '2026-03-02T11:00:00.000Z',
    );
    render(<SessionList sessions={[older, newer]} />);
    const user = userEvent.setup();

    const [first, second] = screen.getAllByTestId('session');
    for (const item of [first!, second!]) {
      expect(within(item).getAllByText('203.0.113.7')[0]).toBeVisible();
      expect(within(item).getByText('Signed in')).toBeVisible();
      expect(within(item).getAllByText('Last active')[0]).toBeVisible();
    }

    // Most recently active first; the details stay folded until asked for.
    expect(within(first!).getByText(newer.id)).not.toBeVisible();
    await user.click(within(first!).getByText('Details'));
    expect(within(first!).getByText(newer.id)).toBeVisible();
    expect(within(first!).getByText(formatExact(newer.createdAt))).toBeVisible();
    expect(within(first!).getByText(formatExact(newer.expiresAt))).toBeVisible();
    expect(within(first!).getByText(phone)).toBeVisible();

    await user.click(within(second!).getByText('Details'));
    expect(within(second!).getByText(older.id)).toBeVisible();
    expect(within(second!).getByText(formatExact(older.createdAt))).toBeVisible();
  });
});
