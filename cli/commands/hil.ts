/** `twinrtm hil ...`: hardware in the loop. */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerHilCompare } from './hilCompare.js';
import { registerHilRestore } from './hilRestore.js';
import { registerHilRun } from './hilRun.js';
import { registerHilSweep } from './hilSweep.js';

export function registerHil(program: Command, io: Io): Command {
  const hil = program
    .command('hil')
    .description('hardware in the loop: run policies on a real board, measure it, compare it with the twin');
  registerHilRun(hil, io);
  registerHilSweep(hil, io);
  registerHilCompare(hil, io);
  registerHilRestore(hil, io);
  return hil;
}
