import { describe, expect, it } from 'vitest';
import { isNcnnHeader, parseNcnnTable } from '../../../calibration/validate/ncnnTable.js';
import { MEASUREMENT_COLUMNS } from '../../../calibration/types.js';
import { DataFileError } from '../../../dnn/schemaCheck.js';

const HEADER =
  'device_section,block,loop_count,num_threads,powersave,gpu_device,cooling_down,unit,model,min_ms,max_ms,avg_ms';

describe('parseNcnnTable', () => {
  it("reads the shared parse's rows: a quoted heading with commas, CPU and Vulkan units, line numbers past a blank line", () => {
    const rows = parseNcnnTable(
      [
        HEADER,
        '"Board X, Cortex-A72 (1.8GHz x 4)",1,10,4,0,-1,1,CPU,squeezenet,46.28,46.91,46.65',
        '',
        'Board Y,2,8,1,2,0,1,GPU:NVIDIA Tegra X1 (nvgpu),vgg16_int8,310.39,310.65,310.52',
      ].join('\n'),
      'hand.csv',
    );
    expect(rows).toEqual([
      {
        line: 2,
        readmeLine: null,
        section: 'Board X, Cortex-A72 (1.8GHz x 4)',
        threads: 4,
        powersave: 0,
        device: 'cpu',
        unitLabel: 'CPU',
        model: 'squeezenet',
        avgMs: 46.65,
      },
      {
        line: 4,
        readmeLine: null,
        section: 'Board Y',
        threads: 1,
        powersave: 2,
        device: 'gpu',
        unitLabel: 'GPU:NVIDIA Tegra X1 (nvgpu)',
        model: 'vgg16_int8',
        avgMs: 310.52,
      },
    ]);
  });

  it("takes the copies' leading readme_line column, and tells the format by its header alone", () => {
    const text = `readme_line,${HEADER}\n4437,NVIDIA Jetson Nano,3,8,4,0,-1,1,CPU,alexnet,89.5,90.4,89.98\n`;
    expect(parseNcnnTable(text, 'copy.csv')[0]).toMatchObject({ line: 2, readmeLine: 4437, avgMs: 89.98 });
    expect(isNcnnHeader(`readme_line,${HEADER}`)).toBe(true);
    expect(isNcnnHeader(`\uFEFF${HEADER}\r`)).toBe(true);
    expect(isNcnnHeader(HEADER.replace(',avg_ms', ''))).toBe(false);
    expect(isNcnnHeader(MEASUREMENT_COLUMNS.join(','))).toBe(false);
  });

  it('refuses a bad value naming the file, the line and the column, and what was expected', () => {
    const refusal = (row: string) => {
      try {
        parseNcnnTable(`${HEADER}\n${row}\n`, 'bad.csv');
      } catch (err) {
        expect(err).toBeInstanceOf(DataFileError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    const good = 'B,1,8,4,0,-1,1,CPU,alexnet,1,2,1.5';
    expect(refusal(good)).toBe('accepted');
    expect(refusal(good.replace(',1.5', ',0'))).toBe("bad.csv: line 2: avg_ms: '0' is not a positive number");
    expect(refusal(good.replace(',1.5', ','))).toBe("bad.csv: line 2: avg_ms: '' is not a positive number");
    expect(refusal(good.replace('1,8,4,0', '1,8,2.5,0'))).toBe(
      "bad.csv: line 2: num_threads: '2.5' is not a whole number >= 1",
    );
    expect(refusal(good.replace('4,0,-1', '4,3,-1'))).toContain('line 2: powersave:');
    expect(refusal(good.replace('CPU', 'NPU'))).toBe(
      "bad.csv: line 2: unit: 'NPU' is not 'CPU' or 'GPU:<device name>'",
    );
    expect(refusal('B,1,8,4,0,-1,1,CPU,alexnet')).toBe('bad.csv: line 2: 9 cells, expected 12');
    expect(() => parseNcnnTable(HEADER, 'empty.csv')).toThrow('empty.csv: no rows');
  });
});
