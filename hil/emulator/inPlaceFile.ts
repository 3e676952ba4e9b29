/**
 * A sensor file the emulator rewrites hundreds of times a second, as cheaply as it can be and with
 * no moment at which a reader finds it empty or half-written: one open file, each new text written
 * at its start in one write(2), never shorter than before (padded with spaces before the newline,
 * which every reader of sysfs trims), so it is never truncated.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';

/** One sensor file rewritten in place (see the file's comment). */
export class InPlaceFile {
  private readonly fd: number;
  private length = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r+');
    // What the file holds already must be covered too.
    this.length = fstatSync(this.fd).size;
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text) + 1;
    const padded = bytes < this.length ? `${text}${' '.repeat(this.length - bytes)}\n` : `${text}\n`;
    writeSync(this.fd, padded, 0, 'utf8');
    this.length = Math.max(this.length, Buffer.byteLength(padded));
  }

  close(): void {
    closeSync(this.fd);
  }
}
