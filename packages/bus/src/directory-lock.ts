/**
 * Keeps one embedded log per directory: a `LOCK` file holding the owner's pid and host, created
 * exclusively, plus a registry of the directories open in this process. A lock left by a process that
 * no longer runs (same host) is taken over. A pid reused by an unrelated process after a crash makes
 * the lock look held: remove `LOCK` by hand when sure nothing uses the directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errnoCode } from './fs-error';
import { LogError } from './log';
import type { Logger } from './logger';

const LOCK_FILE = 'LOCK';
/** A lock file still empty after this long was left by a crash between its creation and its write. */
const EMPTY_LOCK_GRACE_MS = 10_000;
const openInThisProcess = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | 'unreadable' | 'gone' {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const { pid, host, since } = (parsed ?? {}) as Partial<LockOwner>;
    if (typeof pid === 'number' && typeof host === 'string' && typeof since === 'string')
      return { pid, host, since };
    return 'unreadable';
  } catch (error) {
    return errnoCode(error) === 'ENOENT' ? 'gone' : 'unreadable';
  }
}

export class DirectoryLock {
  private readonly file: string;
  private readonly directory: string;
  private released = false;

  private constructor(directory: string) {
    this.directory = directory;
    this.file = path.join(directory, LOCK_FILE);
  }

  /** Takes the lock of `directory` (created if missing) or throws `LOCKED`. */
  static acquire(directory: string, logger: Logger): DirectoryLock {
    fs.mkdirSync(directory, { recursive: true });
    const real = fs.realpathSync(directory);
    if (openInThisProcess.has(real)) {
      throw new LogError('LOCKED', `the log directory ${real} is already open in this process`);
    }
    const lock = new DirectoryLock(real);
    for (let attempt = 0; ; attempt++) {
      if (lock.tryCreate()) {
        openInThisProcess.add(real);
        return lock;
      }
      const owner = readOwner(lock.file);
      if (owner === 'gone' && attempt === 0) continue;
      if (attempt > 0) throw new LogError('LOCKED', `the log directory ${real} is locked by another process`);
      if (owner === 'unreadable') {
        const age = Date.now() - fs.statSync(lock.file).mtimeMs;
        if (age < EMPTY_LOCK_GRACE_MS)
          throw new LogError('LOCKED', `the log directory ${real} is being locked by another process`);
      } else if (owner !== 'gone' && (owner.host !== os.hostname() || isAlive(owner.pid))) {
        throw new LogError(
          'LOCKED',
          `the log directory ${real} is used by pid ${owner.pid} on ${owner.host} since ${owner.since}`,
        );
      }
      logger.warn(
        { directory: real, previousOwner: owner },
        'taking over the lock of a process that is gone',
      );
      fs.rmSync(lock.file, { force: true });
    }
  }

  /** Creates the lock file; false when it already exists. */
  private tryCreate(): boolean {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'wx', 0o644);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw new LogError('INTERNAL', `cannot lock ${this.directory}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    try {
      const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
      fs.writeFileSync(fd, JSON.stringify(owner));
      fs.fsyncSync(fd);
      return true;
    } catch (error) {
      fs.rmSync(this.file, { force: true });
      throw new LogError(
        'UNAVAILABLE',
        `cannot write the lock of ${this.directory}: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      fs.closeSync(fd);
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    openInThisProcess.delete(this.directory);
    const owner = readOwner(this.file);
    if (typeof owner === 'object' && owner.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}
