/**
 * The per-group ONNX files committed for the trained network and the ONNX Runtime executor over them:
 * the manifest is checked before anything loads (other weights, a changed or missing file: one
 * InputError), and the bias plus groups 1..g give PyTorch's logits for every g on the images the
 * training run recorded (check.json), the same class image by image.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkById } from '../../../dnn/builtinNetworks.js';
import { defaultWeightsPath } from '../../../dnn/engine/defaultWeights.js';
import { createOnnxEngine } from '../../../dnn/engine/onnxEngine.js';
import { defaultOnnxGroupsPath, readOnnxGroups } from '../../../dnn/engine/onnxGroups.js';
import { InputError } from '../../../dnn/inputError.js';

const dnn = networkById('alexnet-cifar10-g4');
const manifestPath = defaultOnnxGroupsPath(dnn.id)!;
const weightsFolder = dirname(defaultWeightsPath(dnn.id)!);
const bin = join(weightsFolder, `${dnn.id}.weights.bin`);

interface Check {
  images: { index: number; label: number; input: number[]; logits: number[][] }[];
}
const check = JSON.parse(readFileSync(join(weightsFolder, 'check.json'), 'utf8')) as Check;

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the committed files in a temporary folder, to break. */
function copyOfFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twinrtm-onnx-'));
  scratch.push(dir);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { file: string }[] };
  copyFileSync(manifestPath, join(dir, basename(manifestPath)));
  for (const f of manifest.files) copyFileSync(join(dirname(manifestPath), f.file), join(dir, f.file));
  return join(dir, basename(manifestPath));
}

describe('the per-group ONNX files', () => {
  it('are committed for the trained network, one per group, exported from its committed weights', () => {
    const groups = readOnnxGroups(manifestPath, dnn, bin);
    expect(groups.files).toHaveLength(dnn.groups);
    expect(groups.bias).toHaveLength(10);
  });

  it('are refused, in one line, when they come from other weights', () => {
    const other = join(mkdtempSync(join(tmpdir(), 'twinrtm-bin-')), 'other.bin');
    scratch.push(dirname(other));
    writeFileSync(other, Buffer.alloc(16));
    expect(() => readOnnxGroups(manifestPath, dnn, other)).toThrow(InputError);
    expect(() => readOnnxGroups(manifestPath, dnn, other)).toThrow(/other weights .*SHA-256/);
  });

  it('are refused when a file changed or is missing, or the manifest is for another network', () => {
    const copy = copyOfFiles();
    const group2 = join(dirname(copy), `${dnn.id}.group2.onnx`);
    writeFileSync(group2, Buffer.concat([readFileSync(group2), Buffer.from([0])]));
    expect(() => readOnnxGroups(copy, dnn, null)).toThrow(/group2\.onnx: not the file .* lists/);
    rmSync(group2);
    expect(() => readOnnxGroups(copy, dnn, null)).toThrow(/group2\.onnx: missing/);
    expect(() => readOnnxGroups(copy, networkById('alexnet-cifar10-g4-cumulative'), null)).toThrow(
      /network: is "alexnet-cifar10-g4", expected "alexnet-cifar10-g4-cumulative"/,
    );
    expect(() => readOnnxGroups(join(dirname(copy), 'none.json'), dnn, null)).toThrow(
      /no per-group ONNX manifest; make one with .*export_groups/,
    );
  });
});

describe.each([['node'], ['web']] as const)('the ONNX Runtime executor (%s build)', (runtime) => {
  it("gives PyTorch's logits for every g, the same class image by image", async () => {
    const engine = await createOnnxEngine(readOnnxGroups(manifestPath, dnn, bin), dnn.input, { threads: 1, runtime });
    try {
      expect(engine.runtime).toMatch(runtime === 'node' ? /^onnxruntime-node/ : /^onnxruntime-web .*WebAssembly/);
      expect(check.images.length).toBeGreaterThan(0);
      for (const image of check.images) {
        for (let g = 1; g <= dnn.groups; g++) {
          const { logits, groupMs } = await engine.run(Float32Array.from(image.input), g);
          expect(groupMs).toHaveLength(g);
          const torch = image.logits[g - 1]!;
          for (let c = 0; c < torch.length; c++)
            expect(Math.abs(logits[c]! - torch[c]!), `image ${image.index}, g ${g}, class ${c}`).toBeLessThan(1e-4);
          const argmax = (v: ArrayLike<number>) =>
            Array.from(v).reduce((best, x, i, all) => (x > all[best]! ? i : best), 0);
          expect(argmax(logits)).toBe(argmax(torch));
        }
      }
      await expect(engine.run(Float32Array.from(check.images[0]!.input), 5)).rejects.toThrow(
        /groups must be an integer 1..4/,
      );
    } finally {
      await engine.close();
    }
  }, 60_000);

  it("stops anytime inference at the first g sure enough, with that g's logits", async () => {
    const engine = await createOnnxEngine(readOnnxGroups(manifestPath, dnn, bin), dnn.input, { threads: 1, runtime });
    try {
      const softmaxTop = (v: Float32Array) => {
        const m = Math.max(...v);
        const e = Array.from(v, (x) => Math.exp(x - m));
        return Math.max(...e) / e.reduce((a, b) => a + b, 0);
      };
      for (const image of check.images.slice(0, 3)) {
        const input = Float32Array.from(image.input);
        const fixed = await Promise.all([1, 2, 3, 4].map(async (g) => (await engine.run(input, g)).logits));
        for (const threshold of [0, 0.9, 0.999, 2]) {
          const got = await engine.runAnytime(input, threshold);
          const want = [1, 2, 3].find((g) => softmaxTop(fixed[g - 1]!) >= threshold) ?? 4;
          expect(got.groups, `image ${image.index}, threshold ${threshold}`).toBe(want);
          expect(got.logits).toEqual(fixed[want - 1]);
          expect(got.groupMs).toHaveLength(want);
        }
        expect((await engine.runAnytime(input, 2, 2)).groups).toBe(2);
      }
      await expect(engine.runAnytime(Float32Array.from(check.images[0]!.input), -1)).rejects.toThrow(
        /anytime threshold -1 must be a number >= 0/,
      );
    } finally {
      await engine.close();
    }
  }, 60_000);
});
