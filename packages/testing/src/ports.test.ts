import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from './ports.js';

/** Where the kernel starts handing out ports for listen(0) and outgoing connections. */
function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: net.Server) => new Promise((resolve) => server.close(resolve));

describe('freePort', () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives a port below the kernel's ephemeral range, where no listen(0) or outgoing connection lands", async () => {
    const low = ephemeralLow();
    for (let pick = 0; pick < 20; pick++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(low);
    }
  });

  it('gives a port a server can then listen on', async () => {
    const port = await freePort();
    const server = await listenOn(port);
    await close(server);
  });

  it('passes over a port something already listens on', async () => {
    const taken = await listenOn(await freePort());
    const takenPort = (taken.address() as net.AddressInfo).port;
    const low = ephemeralLow();
    // The first random pick lands on the taken port, the second anywhere else.
    const fractionFor = (port: number) => (port - 20_000 + 0.5) / (low - 20_000);
    const other = takenPort + 1 < low ? takenPort + 1 : takenPort - 1;
    vi.spyOn(Math, 'random')
      .mockReturnValueOnce(fractionFor(takenPort))
      .mockReturnValueOnce(fractionFor(other));
    try {
      expect(await freePort()).toBe(other);
    } finally {
      await close(taken);
    }
  });
});
