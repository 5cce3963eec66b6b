// Winston writes one JSON object per line to stdout (what Fluentd and CloudWatch expect); in
// development a readable, coloured line instead. Request facts are added from the request context.
import winston from 'winston';
import Transport from 'winston-transport';
import { describeDatabaseError, isDatabaseError } from '../db/errors.js';
import { currentRequestContext } from './current-request.js';
import { redact } from './redact.js';

export type Logger = winston.Logger;

// Fields that winston and this format manage themselves; everything else is redacted.
const RESERVED = new Set(['level', 'message', 'timestamp']);

const addContextAndRedact = winston.format((info) => {
  const context = currentRequestContext();
  if (context) {
    info.requestId ??= context.requestId;
    if (context.userId) info.userId ??= context.userId;
  }
  for (const key of Object.keys(info)) {
    if (!RESERVED.has(key)) info[key] = redact(info[key]);
  }
  if (typeof info.message === 'string') info.message = redact(info.message) as string;
  return info;
});

/** A batch is written at the latest when it reaches this size, within the same event-loop turn. */
const BATCH_BYTES = 64 * 1024;

/**
 * Stdout, written once per event-loop turn instead of once per line. Written to a file or a pipe
 * (as container runtimes take it), stdout is synchronous: a system call per access-log line was a
 * tenth of a small request's cost (docs/performance.md). Lines of the turn still pending when the
 * process exits are written by the exit handler, so a crash report is never lost.
 */
export class StdoutBatch {
  private chunks: string[] = [];
  private bytes = 0;
  private scheduled = false;
  private readonly flushNow = () => {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.bytes = 0;
    this.target.write(text);
  };

  constructor(private readonly target: NodeJS.WritableStream = process.stdout) {
    process.on('exit', this.flushNow);
  }

  append(text: string): void {
    this.chunks.push(text);
    this.bytes += text.length;
    if (this.bytes >= BATCH_BYTES) this.flushNow();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushNow);
    }
  }
}

/** winston's key for the finished line (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/**
 * Hands each finished line to the batch. A transport of its own, rather than winston's Stream
 * transport over a Writable, saves a stream hop on every line. Winston ends its transports when
 * a logger closes; the batch is shared by every logger of the process and outlives them.
 */
class StdoutBatchTransport extends Transport {
  constructor(private readonly batch: StdoutBatch) {
    super();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.batch.append(`${String(info[MESSAGE])}\n`);
    next();
  }
}

let sharedBatch: StdoutBatch | undefined;
/** One for the process: every logger's lines go out in the same batch, in order. */
function stdoutBatch(): StdoutBatch {
  sharedBatch ??= new StdoutBatch();
  return sharedBatch;
}

const winstonJson = winston.format.json();

/**
 * One JSON object per line, starting with when, how bad and what, the fields a person scans for.
 * winston's json format runs every line through safe-stable-stringify, which sorts the keys and
 * checks for cycles: a third of an access-log line's cost. The plain values log lines carry come
 * out the same from JSON.stringify; a value it refuses (a BigInt, a cycle) falls back to
 * winston's format.
 */
const jsonLine = winston.format((info) => {
  try {
    const { timestamp, level, message } = info;
    // Keys keep the place of their first assignment, so these three lead the line.
    (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(
      Object.assign({ timestamp, level, message }, info),
    );
    return info;
  } catch {
    return winstonJson.transform(info, winstonJson.options);
  }
});

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; stdout unless a test captures them. */
  stream?: NodeJS.WritableStream;
  service?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const formats =
    options.format === 'json'
      ? [winston.format.timestamp(), addContextAndRedact(), jsonLine()]
      : [
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          addContextAndRedact(),
          winston.format.colorize(),
          winston.format.printf(({ timestamp, level, message, ...rest }) => {
            const { service: _service, ...fields } = rest;
            const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
            return `${String(timestamp)} ${level} ${String(message)}${extra}`;
          }),
        ];
  // Winston runs the whole format chain (redaction, timestamp, JSON) before its transports drop
  // entries below the level; dropping them first keeps disabled levels nearly free.
  const enabledLevelsOnly = winston.format((info) =>
    logger.isLevelEnabled(info.level) ? info : false,
  );
  const logger = winston.createLogger({
    level: options.level,
    defaultMeta: { service: options.service ?? 'gv-backend' },
    format: winston.format.combine(enabledLevelsOnly(), ...formats),
    transports: [
      options.stream
        ? new winston.transports.Stream({ stream: options.stream })
        : new StdoutBatchTransport(stdoutBatch()),
    ],
  });
  return logger;
}

/**
 * What of an unexpected error goes to the log: a database error without its values (its stack
 * would repeat the message that carries them), anything else with its stack.
 */
export function errorForLog(error: unknown): unknown {
  if (isDatabaseError(error)) return describeDatabaseError(error);
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack };
  return error;
}
