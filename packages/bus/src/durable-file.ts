/** Small helpers to make files and directory entries durable. */
import fs from 'node:fs';
import path from 'node:path';
import { errnoCode } from './fs-error';

/** Platforms that cannot fsync a directory say so with these; there is nothing more to do there. */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP']);

/** fsync of a directory, so that files created, renamed or removed in it survive a power loss. */
export function syncDirectorySync(directory: string): void {
  const fd = fs.openSync(directory, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has(errnoCode(error) ?? '')) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

export function syncDirectory(directory: string): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.open(directory, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      fs.fsync(fd, (syncError) => {
        fs.close(fd, (closeError) => {
          if (syncError && !DIRECTORY_SYNC_UNSUPPORTED.has(errnoCode(syncError) ?? ''))
            return reject(syncError);
          if (closeError) return reject(closeError);
          resolve();
        });
      });
    });
  });
}

/** Writes a file so that after a crash it has either its old or its new content: temp file, fsync, rename. */
export function writeFileDurablySync(file: string, data: string | Buffer): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  syncDirectorySync(path.dirname(file));
}
