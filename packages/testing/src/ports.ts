// A free loopback port for a server a test starts.
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Below the ports Linux hands out by default; the ones under it are left to explicit choice. */
const DEFAULT_EPHEMERAL_LOW = 32_768;
const LOWEST_PORT = 20_000;
const ATTEMPTS = 50;

let ephemeralLowRead: number | undefined;

/**
 * The first port the kernel hands out for outgoing connections and `listen(0)`. A port from that
 * range can be taken by any other connection or test server the moment it is free, for instance
 * while a test restarts the server that had it. Read once: it is a machine setting.
 */
function ephemeralLow(): number {
  if (ephemeralLowRead !== undefined) return ephemeralLowRead;
  let low = DEFAULT_EPHEMERAL_LOW;
  try {
    const [first] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (first && first > LOWEST_PORT) low = first;
  } catch {
    // Not Linux: keep the default.
  }
  return (ephemeralLowRead = low);
}

/** Listens on `port` (0: any the OS picks) and closes again: the port it got, or none if taken. */
function listenBriefly(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on, chosen at random below the ephemeral range so
 * that neither an outgoing connection nor another test's `listen(0)` takes it while it is free.
 * After many taken ports in a row it lets the OS pick one.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT));
    if ((await listenBriefly(port)) !== undefined) return port;
  }
  const picked = await listenBriefly(0);
  if (picked === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return picked;
}
