import { describe, it } from 'vitest';
import { expectOneLineRefusal, run } from './run.js';

const PLATFORMS = 'odroid-xu3, jetson-nano, raspberry-pi-4, host';
const DNNS = 'alexnet-cifar10-g4, alexnet-cifar10-g4-cumulative';
const A15_POINTS =
  '200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000';

/** Each model command with the options it needs to run otherwise. */
const TARGET_COMMANDS: readonly (readonly string[])[] = [['predict', '--unit', 'a15'], ['space'], ['ranges']];

describe('bad input: unknown platform', () => {
  it.each(TARGET_COMMANDS)('should refuse it in %s with one line listing the platforms', async (...command) => {
    expectOneLineRefusal(
      await run(...command, '--platform', 'raspberry-pi'),
      "unknown platform 'raspberry-pi'",
      `(valid: ${PLATFORMS})`,
    );
  });
});

describe('bad input: unknown DNN', () => {
  it.each(TARGET_COMMANDS)('should refuse it in %s with one line listing the networks', async (...command) => {
    expectOneLineRefusal(await run(...command, '--dnn', 'resnet50'), "unknown dnn 'resnet50'", `(valid: ${DNNS})`);
  });
});

describe('bad input: frequency that is not an operating point', () => {
  it('should refuse 2100 MHz on a15 with one line listing its operating points', async () => {
    expectOneLineRefusal(
      await run('predict', '--unit', 'a15', '--freq', '2100'),
      '2100',
      'not an operating point of a15',
      `(valid: ${A15_POINTS} MHz)`,
    );
  });

  it('should refuse an off-table frequency for an idle unit with one line listing its points', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--freq', 'a7=250'), '250', 'a7', '(valid: 200, 300, ');
  });

  it('should refuse a frequency above the power mode limit with one line listing the allowed points', async () => {
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--power-mode', '5W', '--unit', 'a57', '--freq', '1479'),
      '1479',
      '5W',
      '(valid: 102, 204, 307.2, 403.2, 518.4, 614.4, 710.4, 825.6 MHz)',
    );
  });

  it('should refuse a frequency that is not a number with one line naming the option', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--freq', 'fast'), '--freq', "'fast'");
  });
});

describe('bad input: more cores than the unit has', () => {
  it('should refuse 5 cores of a15 with one line giving the valid range', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--cores', '5'), 'cores 5', 'a15', '1..4');
  });

  it('should refuse 2 cores of the Nano GPU with one line giving the valid range', async () => {
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--unit', 'gpu', '--cores', '2'),
      'cores 2',
      'gpu',
      '1..1',
    );
  });

  it('should refuse more cores than the power mode allows with one line giving the valid range', async () => {
    expectOneLineRefusal(
      await run('predict', '--platform', 'jetson-nano', '--power-mode', '5W', '--unit', 'a57', '--cores', '3'),
      'cores 3',
      '5W',
      '1..2',
    );
  });

  it('should refuse 0 cores with one line giving the valid range', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--cores', '0'), 'cores 0', '1..4');
  });
});

describe('bad input: groups outside 1..G', () => {
  it.each(['0', '5', '-1'])('should refuse --groups %s with one line giving 1..4', async (g) => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--groups', g), `groups ${g}`, '1..4');
  });

  it('should refuse a fractional group count with one line naming the option', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'a15', '--groups', '2.5'), '--groups', "'2.5'");
  });
});

describe('bad input: other names', () => {
  it('should refuse an unknown unit with one line listing the units', async () => {
    expectOneLineRefusal(await run('predict', '--unit', 'gpu'), "unknown unit 'gpu'", '(valid: a7, a15)');
  });

  it('should refuse an unknown power mode with one line listing the modes', async () => {
    expectOneLineRefusal(
      await run('space', '--platform', 'jetson-nano', '--power-mode', '7W'),
      "'7W'",
      '(valid: MAXN, 5W)',
    );
  });

  it('should refuse --dnn and --dnn-file together with one line', async () => {
    expectOneLineRefusal(
      await run('space', '--dnn', 'alexnet-cifar10-g4', '--dnn-file', 'x.json'),
      '--dnn',
      '--dnn-file',
    );
  });
});
