/**
 * The one door to the board's files: every read and write of hil/board goes through a SysfsRoot, so
 * the same adapter code runs on a real board (root "/") and on a fake tree in a temp directory.
 */
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  constants as fsConstants,
  writeSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import type { SysfsRoot } from '../types.js';

/**
 * Maps a board path ('/sys/...') to the real file under root. The path is normalised as an absolute
 * path first, so '..' can never climb out of the root (a fake tree stays a fake tree).
 */
function underRoot(root: string, path: string): string {
  return join(root, posix.normalize(`/${path}`));
}

/** A glob segment ('iio:device*', '*-0040') as an anchored regular expression; * never crosses '/'. */
function segmentPattern(segment: string): RegExp {
  const escaped = segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]*')}$`);
}

/**
 * Creates a SysfsRoot over a directory with synchronous node:fs calls (sysfs files are tiny and the
 * control loop reads them between decisions, so blocking reads are simpler and just as fast).
 *
 * Plain words: "read /sys/x" means "read ROOT/sys/x".
 *
 * - read: the file's text, trimmed; null when it is missing or unreadable (EACCES on root-only
 *   files like cpuinfo_cur_freq, EIO or EINVAL from a driver), because a missing sensor is a normal
 *   answer on a board, not an error.
 * - write: opens the existing file without O_CREAT (a fake tree must not grow files the kernel would
 *   not have) and with O_NOFOLLOW (a sysfs attribute is never a symlink; a planted one is not followed) and writes the value plus a newline in one write(2), as `echo value > file` does; the
 *   kernel parses both forms, and the newline keeps a saved file byte for byte after a restore.
 * - glob: '*' matches within one path segment; results are board paths ('/sys/...'), sorted.
 *
 * @param root the directory standing for '/' (default '/': the real board)
 * @returns a SysfsRoot reading and writing under root
 */
export function createSysfsRoot(root = '/'): SysfsRoot {
  const real = (path: string) => underRoot(root, path);

  function list(dir: string): string[] {
    try {
      return readdirSync(real(dir)).sort();
    } catch {
      return [];
    }
  }

  return {
    root,
    read(path) {
      try {
        return readFileSync(real(path), 'utf8').trim();
      } catch {
        return null;
      }
    },
    write(path, value) {
      let fd: number | undefined;
      try {
        fd = openSync(real(path), fsConstants.O_WRONLY | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW);
        writeSync(fd, value.endsWith('\n') ? value : `${value}\n`);
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw new Error(`cannot write '${value}' to ${path} (${reason})`);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    exists(path) {
      return existsSync(real(path));
    },
    list,
    glob(pattern) {
      const segments = posix
        .normalize(`/${pattern}`)
        .split('/')
        .filter((s) => s !== '');
      let matches = ['/'];
      for (const segment of segments) {
        const next: string[] = [];
        for (const base of matches) {
          if (!segment.includes('*')) {
            next.push(posix.join(base, segment));
            continue;
          }
          const re = segmentPattern(segment);
          for (const name of list(base)) if (re.test(name)) next.push(posix.join(base, name));
        }
        matches = next;
      }
      return matches.filter((p) => existsSync(real(p))).sort();
    },
  };
}

/** Symlinks followed before resolveSysfsPath gives up (the kernel's own limit, MAXSYMLINKS, is 40). */
const MAX_LINKS = 40;

/**
 * The board path a path names once every symlink in it is followed, like realpath(1) inside the
 * root. sysfs finds devices through links (/sys/class/devfreq/X -> ../../devices/.../devfreq/X,
 * X/device -> the parent device), and a report should name the real directory.
 *
 * A relative link target is taken from the link's directory, as the kernel writes them; an absolute
 * one is taken as a board path under the same root, so an emulated tree that writes "/sys/..."
 * links still resolves inside itself and never on the host. (SysfsRoot in hil/types.ts has no
 * readlink; this reads the links under sysfs.root directly.)
 * @returns the resolved board path, or null when a segment does not exist or the links loop
 */
export function resolveSysfsPath(sysfs: SysfsRoot, path: string): string | null {
  let pending = posix
    .normalize(`/${path}`)
    .split('/')
    .filter((s) => s !== '');
  let resolved = '/';
  let links = 0;
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '..') {
      resolved = posix.dirname(resolved);
      continue;
    }
    const next = posix.join(resolved, segment);
    let target: string | null = null;
    try {
      if (lstatSync(underRoot(sysfs.root, next)).isSymbolicLink()) target = readlinkSync(underRoot(sysfs.root, next));
    } catch {
      return null;
    }
    if (target === null) {
      resolved = next;
      continue;
    }
    if (++links > MAX_LINKS) return null;
    if (target.startsWith('/')) resolved = '/';
    pending = [...target.split('/').filter((s) => s !== '' && s !== '.'), ...pending];
  }
  return resolved;
}
