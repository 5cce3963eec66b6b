// `npm run dev` says where things listen from the configuration, and the Vite proxy goes there.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devBanner, devSettings } from './dev-settings.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('npm run dev', () => {
  it('shows the ports the configuration gives, and proxies /api to that backend', () => {
    const settings = devSettings({ PORT: '4100' }, 5200);
    expect(settings).toEqual({
      apiUrl: 'http://localhost:4100',
      consoleUrl: 'http://localhost:5200',
      proxyTarget: 'http://127.0.0.1:4100',
    });
    const banner = devBanner(settings);
    expect(banner).toContain('http://localhost:4100');
    expect(banner).toContain('http://localhost:5200');
    expect(banner).not.toContain('3000');
  });

  it('uses the defaults without settings, a bound HOST, and VITE_BACKEND_URL when given', () => {
    expect(devSettings({})).toMatchObject({
      apiUrl: 'http://localhost:3000',
      consoleUrl: 'http://localhost:5173',
      proxyTarget: 'http://127.0.0.1:3000',
    });
    expect(devSettings({ HOST: '127.0.0.2', PORT: '4200' }).proxyTarget).toBe(
      'http://127.0.0.2:4200',
    );
    expect(devSettings({ VITE_BACKEND_URL: 'http://api.test:9000' }).proxyTarget).toBe(
      'http://api.test:9000',
    );
  });

  it('refuses ports it cannot show or proxy to', () => {
    expect(() => devSettings({ PORT: '' })).toThrow(/PORT: is empty/);
    expect(() => devSettings({ PORT: '0' })).toThrow(/random port/);
    expect(() => devSettings({ PORT: '5173' })).toThrow(/cannot both use port 5173/);
  });

  it('has Vite, started alone, proxy /api to PORT', async () => {
    vi.stubEnv('VITE_BACKEND_URL', '');
    vi.stubEnv('PORT', '4300');
    const { default: config } = (await import(path.join(repoRoot, 'frontend/vite.config.ts'))) as {
      default: { server: { proxy: Record<string, { target: string }> } };
    };
    expect(config.server.proxy['/api']!.target).toBe('http://127.0.0.1:4300');
  });
});
