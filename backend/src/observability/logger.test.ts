import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, StdoutBatch } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return { stream, lines };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('JSON log lines', () => {
  it('writes one JSON object per line with the level, message, service and fields', async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', format: 'json', stream, service: 'svc' });
    logger.info('request completed', { status: 200, route: '/api/users/me' });
    await nextTurn();
    expect(Object.keys(JSON.parse(lines[0]!) as object).slice(0, 3)).toEqual([
      'timestamp',
      'level',
      'message',
    ]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      message: 'request completed',
      service: 'svc',
      status: 200,
      route: '/api/users/me',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });
  });

  it('still writes a line with a value JSON.stringify refuses (a BigInt)', async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', format: 'json', stream });
    logger.info('rows counted', { rows: 12n });
    await nextTurn();
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'rows counted', rows: '12' });
  });
});

describe('the stdout batch', () => {
  it('writes the lines of one event-loop turn with one write, in order', async () => {
    const writes: string[] = [];
    const batch = new StdoutBatch({ write: (text: string) => writes.push(text) } as never);
    batch.append('one\n');
    batch.append('two\n');
    expect(writes).toEqual([]);
    await nextTurn();
    batch.append('three\n');
    await nextTurn();
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('writes at once when a turn has logged 64 KiB, without waiting for the turn to end', () => {
    const writes: string[] = [];
    const batch = new StdoutBatch({ write: (text: string) => writes.push(text) } as never);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 64; i++) batch.append(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(64 * 1024);
  });
});
