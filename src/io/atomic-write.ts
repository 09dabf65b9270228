import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.ts';

/** Writes a report where a user asked for it. A regular file (or a new one) is replaced through a temp file and a
 *  rename, so a reader never sees half a report and an old one survives a failed write; it keeps its mode. Anything
 *  else (/dev/null, /dev/stdout, a symlink, a FIFO) is written to as it is: renaming over it would replace the device
 *  or the link with a plain file. */
export async function writeFileAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  let existing: Stats | undefined;
  try {
    existing = await lstat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(file, e);
  }
  if (existing && !existing.isFile()) {
    try {
      await writeFile(file, content);
    } catch (e) {
      throw cannotWrite(file, e);
    }
    return;
  }
  await replaceRegularFile(file, content, existing ? existing.mode & 0o7777 : undefined);
}

/** `keepMode`: the mode of the file being replaced; a new file gets 0644 less the umask. */
async function replaceRegularFile(file: string, content: string | Iterable<string>, keepMode: number | undefined): Promise<void> {
  const dir = dirname(file);
  // Random and created exclusively: a name planted in the directory beforehand (a symlink to somewhere else) makes
  // the open fail instead of redirecting the write.
  const temp = join(dir, `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx', keepMode ?? 0o644);
    created = true;
    try {
      await handle.writeFile(content);
      // The umask applied at creation; a replaced report keeps exactly the mode it had (0600 stays 0600).
      if (keepMode !== undefined) await handle.chmod(keepMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    if (created) await rm(temp, { force: true }).catch(() => {});
    throw cannotWrite(file, e);
  }
}

function cannotWrite(file: string, e: unknown): InputError {
  return new InputError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}
