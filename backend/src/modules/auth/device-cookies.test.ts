import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeviceCookies } from './device-cookies.js';

const SECRET = 'a-jwt-secret-that-is-at-least-32-bytes-long';

describe('DeviceCookies', () => {
  const devices = new DeviceCookies(SECRET);

  it('recognises its own token for the same email only', () => {
    const token = devices.issue('ann@example.com');
    const deviceId = token.split('.')[0];
    expect(devices.deviceOf(token, 'ann@example.com')).toBe(deviceId);
    expect(devices.deviceOf(token, 'bob@example.com')).toBeUndefined();
    expect(devices.deviceOf(token, 'ann@example.com ')).toBeUndefined();
  });

  it('gives every sign-in a new device id', () => {
    const ids = new Set(Array.from({ length: 20 }, () => devices.issue('ann@example.com')));
    expect(ids.size).toBe(20);
  });

  it('refuses tokens signed with another secret, or with the raw JWT secret itself', () => {
    const token = devices.issue('ann@example.com');
    expect(new DeviceCookies(`${SECRET}!`).deviceOf(token, 'ann@example.com')).toBeUndefined();

    // Someone who learned how access tokens are signed still cannot mint a device cookie.
    const deviceId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const withRawSecret = createHmac('sha256', SECRET)
      .update(`${deviceId}\nann@example.com`)
      .digest('base64url');
    expect(devices.deviceOf(`${deviceId}.${withRawSecret}`, 'ann@example.com')).toBeUndefined();
  });

  it('treats anything that is not a well-formed token as no cookie', () => {
    const token = devices.issue('ann@example.com');
    for (const presented of [undefined, null, 42, ['x'], '', token.toUpperCase(), `${token}.`]) {
      expect(devices.deviceOf(presented, 'ann@example.com')).toBeUndefined();
    }
  });
});
