// The browser the journeys run in: Debian's Chromium (Playwright cannot download its own build
// on machines without internet access). Flags: no sandbox (runs as root in CI containers), no GPU,
// and no background traffic to Google services.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumAvailable = (): boolean => existsSync(chromiumPath);
