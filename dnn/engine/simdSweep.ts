/**
 * A WebAssembly SIMD version of conv3x3's four-channel sweep: two neighbouring output pixels per
 * f64x2 vector, so each float64 add or multiply instruction does two of the engine's operations.
 *
 * The module is assembled here from its opcodes (no toolchain, no binary file in the repository).
 * Each vector lane is one output pixel and runs exactly the scalar kernel's sequence: its running sum
 * (bias first, then earlier channels), plus w x x for the nine taps in kernel-row, kernel-column
 * order, one add per product, in float64 (f64x2.add and f64x2.mul round like JS + and *). So its
 * results are the JS kernel's bits; only the speed differs.
 */

/** The exported sweep; byte addresses and byte strides into the instance's memory. */
export type SimdSweep = (
  x: number,
  w: number,
  rowBytes: number,
  count: number,
  widthBytes: number,
  inPlaneBytes: number,
  outH: number,
  outRowBytes: number,
  sums: number,
  outPlaneBytes: number,
) => void;

// Parameters, then i32 locals, then v128 locals, numbered as WebAssembly numbers them.
const [X, W, ROW_BYTES, COUNT, WIDTH_BYTES, IN_PLANE_BYTES, OUT_H, OUT_ROW_BYTES, SUMS, OUT_PLANE_BYTES] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
];
const [CH, WP, XC, XR, OY, P, PEND, Q1, Q2, WQ, SP, S1, S2, S3] = [
  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
];
const I32_LOCALS = 14;
const WEIGHT0 = 24; // 36 splatted weights: channel r, tap t at WEIGHT0 + 9r + t
const ACC0 = WEIGHT0 + 36; // four running sums
const XV = ACC0 + 4; // the current tap's two input values
const V128_LOCALS = 36 + 4 + 1;

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  ne: [0x47],
  geS: [0x4e],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  promote: [0xbb],
  v128Load: (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)],
  splat: [0xfd, 0x14],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
};

/**
 * The sweep's body, for input channels [0, count) of four output channels whose f32 weight rows
 * start at w, rowBytes apart; sums holds the four channels' planes of running sums, outPlaneBytes
 * apart, and outRowBytes (an even number of pixels) per output row.
 */
function sweepBody(): number[] {
  const code: number[] = [...op.get(W), ...op.set(WP), ...op.get(X), ...op.set(XC)];
  code.push(...op.block, ...op.loop);
  code.push(...op.get(CH), ...op.get(COUNT), ...op.geS, ...op.brIf(1));
  code.push(...loadWeights(), ...sweepPlane());
  code.push(...op.get(CH), ...op.i32(1), ...op.add, ...op.set(CH));
  code.push(...op.get(WP), ...op.i32(36), ...op.add, ...op.set(WP));
  code.push(...op.get(XC), ...op.get(IN_PLANE_BYTES), ...op.add, ...op.set(XC));
  code.push(...op.br(0), ...op.end, ...op.end, ...op.end);
  return code;
}

/** Channel CH's 36 weights, promoted to float64 and splatted into both lanes. */
function loadWeights(): number[] {
  const code: number[] = [...op.get(WP), ...op.set(WQ)];
  for (let r = 0; r < 4; r++) {
    for (let t = 0; t < 9; t++)
      code.push(...op.get(WQ), ...op.f32Load(4 * t), ...op.promote, ...op.splat, ...op.set(WEIGHT0 + 9 * r + t));
    code.push(...op.get(WQ), ...op.get(ROW_BYTES), ...op.add, ...op.set(WQ));
  }
  return code;
}

/** Every output row, two pixels per step; the sums pointer runs through the plane in order. */
function sweepPlane(): number[] {
  const code: number[] = [...op.get(XC), ...op.set(XR), ...op.i32(0), ...op.set(OY), ...op.get(SUMS), ...op.set(SP)];
  code.push(...op.loop);
  code.push(...op.get(XR), ...op.set(P), ...op.get(XR), ...op.get(OUT_ROW_BYTES), ...op.add, ...op.set(PEND));
  code.push(...op.loop, ...pixelPair());
  code.push(...op.get(SP), ...op.i32(16), ...op.add, ...op.set(SP));
  code.push(...op.get(P), ...op.i32(16), ...op.add, ...op.tee(P), ...op.get(PEND), ...op.ne, ...op.brIf(0), ...op.end);
  code.push(...op.get(XR), ...op.get(WIDTH_BYTES), ...op.add, ...op.set(XR));
  code.push(
    ...op.get(OY),
    ...op.i32(1),
    ...op.add,
    ...op.tee(OY),
    ...op.get(OUT_H),
    ...op.ne,
    ...op.brIf(0),
    ...op.end,
  );
  return code;
}

/** One pair of pixels: load four sums, add the nine taps in order to each, store them back. */
function pixelPair(): number[] {
  const code: number[] = [
    ...op.get(P),
    ...op.get(WIDTH_BYTES),
    ...op.add,
    ...op.tee(Q1),
    ...op.get(WIDTH_BYTES),
    ...op.add,
    ...op.set(Q2),
  ];
  code.push(
    ...op.get(SP),
    ...op.get(OUT_PLANE_BYTES),
    ...op.add,
    ...op.tee(S1),
    ...op.get(OUT_PLANE_BYTES),
    ...op.add,
    ...op.tee(S2),
  );
  code.push(...op.get(OUT_PLANE_BYTES), ...op.add, ...op.set(S3));
  const sumAt = [SP, S1, S2, S3];
  sumAt.forEach((at, r) => {
    code.push(...op.get(at), ...op.v128Load(0), ...op.set(ACC0 + r));
  });
  const rowAt = [P, Q1, Q2];
  for (let t = 0; t < 9; t++) {
    code.push(...op.get(rowAt[Math.floor(t / 3)]!), ...op.v128Load(8 * (t % 3)), ...op.set(XV));
    for (let r = 0; r < 4; r++) {
      code.push(
        ...op.get(ACC0 + r),
        ...op.get(WEIGHT0 + 9 * r + t),
        ...op.get(XV),
        ...op.f64x2Mul,
        ...op.f64x2Add,
        ...op.set(ACC0 + r),
      );
    }
  }
  sumAt.forEach((at, r) => {
    code.push(...op.get(at), ...op.get(ACC0 + r), ...op.v128Store(0));
  });
  return code;
}

/** The whole module: one imported memory, one exported function `sweep`. */
function moduleBytes(): Uint8Array {
  const params = new Array<number>(10).fill(0x7f);
  const body = [...uleb(2), ...uleb(I32_LOCALS), 0x7f, ...uleb(V128_LOCALS), 0x7b, ...sweepBody()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, ...uleb(params.length), ...params, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('sweep'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

function section(id: number, contents: number[]): number[] {
  return [id, ...uleb(contents.length), ...contents];
}

function name(text: string): number[] {
  // ASCII names only.
  return [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

function uleb(n: number): number[] {
  const bytes: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    bytes.push(n === 0 ? low : low | 0x80);
  } while (n !== 0);
  return bytes;
}

function sleb(n: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

/** The part of the WebAssembly global used here (the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

// Compiled on first use, not on import; null where WebAssembly SIMD is not available.
let compiled: object | null | undefined;

/**
 * The sweep bound to a new memory of `bytes` bytes, or undefined where this runtime cannot compile
 * WebAssembly SIMD (e.g. node --jitless); the caller then uses the JS kernel, which gives the same bits.
 *
 * @param bytes - the memory the caller lays out (rounded up to whole 64 KiB pages)
 * @returns the memory's buffer and the sweep
 */
export function createSimdSweep(bytes: number): { buffer: ArrayBuffer; sweep: SimdSweep } | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const sweep = new wasm.Instance(compiled, { env: { memory } }).exports.sweep;
  // The memory never grows, so views on its buffer stay valid.
  return typeof sweep === 'function' ? { buffer: memory.buffer, sweep: sweep as SimdSweep } : undefined;
}
