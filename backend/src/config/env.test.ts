import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './env.js';

describe('configuration', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      NODE_ENV: 'development',
      ACCESS_TOKEN_TTL: 15 * 60_000,
      REFRESH_TOKEN_TTL: 7 * 86_400_000,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        ACCESS_TOKEN_TTL: 'forever',
        LOG_LEVEL: 'loud',
        CORS_ORIGINS: 'not a url',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'ACCESS_TOKEN_TTL',
        'LOG_LEVEL',
        'CORS_ORIGINS.0',
      ]),
    );
  });

  it('requires a long JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/32 bytes/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).isProduction).toBe(
      true,
    );
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together, and PostgreSQL for several workers', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.com' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY/);
  });

  it('refuses an empty PORT instead of binding a random port', () => {
    expect(() => loadConfig({ PORT: '' })).toThrow(/PORT: is empty; set a port from 1 to 65535/);
    expect(() => loadConfig({ PORT: ' ' })).toThrow(/PORT: is empty/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: use a port from 1 to 65535/);
    expect(loadConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('migrates at start-up unless MIGRATE_ON_START turns it off', () => {
    expect(loadConfig({}).MIGRATE_ON_START).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(() => loadConfig({ MIGRATE_ON_START: 'later' })).toThrow(/MIGRATE_ON_START: use true/);
  });

  it('turns fault injection on outside production unless FAULTS_ENABLED says otherwise', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) } as const;
    expect(loadConfig({}).FAULTS_ENABLED).toBe(true);
    expect(loadConfig(production).FAULTS_ENABLED).toBe(false);
    expect(loadConfig({ ...production, FAULTS_ENABLED: 'true' }).FAULTS_ENABLED).toBe(true);
    expect(loadConfig({ FAULTS_ENABLED: 'false' }).FAULTS_ENABLED).toBe(false);
    expect(() => loadConfig({ FAULTS_ENABLED: 'maybe' })).toThrow(/FAULTS_ENABLED: use true/);
  });

  it('reads durations and TRUST_PROXY the way Express does', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('soon')).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });
});
