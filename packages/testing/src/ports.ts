// A free loopback port for a server a test starts.
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Below the ports Linux hands out by default; the ones under it are left to explicit choice. */
const DEFAULT_EPHEMERAL_LOW = 32_768;
const LOWEST_PORT = 20_000;
const ATTEMPTS = 50;

/**
 * The first port the kernel hands out for outgoing connections and `listen(0)`. A port from that
 * range can be taken by any other connection or test server the moment it is free, for instance
 * while a test restarts the server that had it.
 */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low && low > LOWEST_PORT + ATTEMPTS ? low : DEFAULT_EPHEMERAL_LOW;
  } catch {
    return DEFAULT_EPHEMERAL_LOW;
  }
}

function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
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
    if (await canListenOn(port)) return port;
  }
  return osPickedPort();
}
