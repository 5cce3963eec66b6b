// The embedded database (PGlite) is one process's files: a second process opening the same DATA_DIR
// writes beside the first and each loses the other's changes. Every process that opens it (the
// server, db:migrate, db:seed) first takes this lock: a file made atomically, naming its holder's
// pid, which the next opener checks. A holder that died (a crash, SIGKILL) leaves a stale lock
// that is taken over when its pid no longer runs.
import { hostname } from 'node:os';
import path from 'node:path';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export const LOCK_FILE_NAME = 'pglite.lock';

export interface Holder {
  pid: number;
  host: string;
  /** The script the holder runs, e.g. server.js or seed.ts, to tell a person who it is. */
  command: string;
  since: string;
}

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    const file = path.join(dataDir, LOCK_FILE_NAME);
    const who = `pid ${holder.pid} (${holder.command}) since ${holder.since}`;
    const advice =
      holder.host === hostname()
        ? `Stop that process first (Ctrl-C where it runs, or \`kill ${holder.pid}\`) and try ` +
          'again. To run both at once, give this one its own DATA_DIR, or point both at ' +
          'PostgreSQL with DATABASE_URL.'
        : `It was taken on host ${holder.host}, so this host cannot check it. If nothing runs ` +
          `there any more, delete ${file} and try again.`;
    super(
      `The embedded database in ${dataDir} is in use by another process: ${who}. PGlite ` +
        `serves one process at a time.\n${advice}`,
    );
    this.name = 'DataDirLocked';
  }
}

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock from this host whose process is gone. Our own pid counts as gone: we do not hold the
 * lock yet, so it was left by an earlier process that had the same pid (a restarted container's
 * PID 1).
 */
function isStale(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  return holder.pid === process.pid || !isRunning(holder.pid);
}

/** The running process that holds the lock on `dataDir`, or null when none does. */
export function lockHolder(dataDir: string): Holder | null {
  const holder = readHolder(path.join(dataDir, LOCK_FILE_NAME));
  return holder && !isStale(holder) ? holder : null;
}

const sameHolder = (a: Holder | null, b: Holder) =>
  a !== null && a.pid === b.pid && a.host === b.host && a.since === b.since;

/**
 * Takes the lock on `dataDir` (which must exist) and returns the function that releases it. Throws
 * DataDirLocked while another running process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const mine: Holder = {
    pid: process.pid,
    host: hostname(),
    command: path.basename(process.argv[1] ?? process.argv0),
    since: new Date().toISOString(),
  };
  // Written aside and linked into place: the link fails when the lock exists, and nobody ever
  // reads a half-written one.
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(mine));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      if (holder && !isStale(holder)) throw new DataDirLocked(dataDir, holder);
      if (attempt === 3) {
        throw new Error(
          `Could not take the lock ${file}; if no process uses ${dataDir}, delete it.`,
        );
      }
      takeOverStale(file, holder);
    }
  } finally {
    unlinkSync(draft);
  }

  const release = () => {
    process.removeListener('exit', release);
    // Only our own lock: never one another process took after ours was judged stale.
    if (sameHolder(readHolder(file), mine)) unlinkSync(file);
  };
  process.on('exit', release);
  return release;
}

/**
 * Moves a stale (or unreadable) lock aside. If another process replaced it in the meantime, its
 * fresh lock is put back and the next attempt reports it.
 */
function takeOverStale(file: string, judged: Holder | null): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (judged && moved && !sameHolder(moved, judged)) {
    try {
      linkSync(aside, file);
    } catch {
      // a third process holds it now; the next attempt reports that one
    }
  }
  unlinkSync(aside);
}
