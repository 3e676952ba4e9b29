/**
 * Powmon's 60 workloads in classes, by name: the data set names each run's program and nothing more
 * (powmon_A15_key.csv's `workload`), so the class is what the program is known to do. Names from
 * MiBench (basicmath, bitcount, qsort, susan, jpeg, dijkstra, patricia, stringsearch, ispell, adpcm,
 * fft, typeset), LMbench (bw_mem, lat_*, par_mem, line, cache, tlb), Roy Longbottom's ARM benchmarks
 * (mp_*, neon_*, openmp_*), Dhrystone, video codecs (h264, mpeg4) and Powmon's own (cstm_*).
 */

export const WORKLOAD_CLASSES = {
  /** Integer and control code: compilers, searches, sorts, bit twiddling, Dhrystone. */
  integer: [
    'adpcm_c',
    'adpcm_d',
    'bitcount',
    'cstm_int',
    'dhrystone',
    'dijkstra',
    'gcc',
    'ispell',
    'lat_ops',
    'mp_dhry',
    'patricia',
    'qsort',
    'stringsearch',
    'susan',
    'tar',
    'typeset',
  ],
  /** Floating-point and NEON arithmetic loops: the nearest kin of a convolution's multiply-adds. */
  float: [
    'basicmath',
    'cstm_fp',
    'fft',
    'mp_lp_neon',
    'mp_mflops',
    'mp_neon_mflops',
    'mp_whets',
    'neon_add',
    'neon_mul',
    'openmp_mflops',
  ],
  /** Image and video codecs (cstm_bmp taken as Powmon's bitmap workload). */
  media: [
    'cstm_bmp',
    'h264_hq',
    'h264_lq',
    'jpeg_dec',
    'jpeg_enc',
    'jpg2000enc',
    'mpeg4_hq',
    'mpeg4_lq',
    'mpeg4_lq_mp',
  ],
  /** Memory bandwidth and latency: streaming copies, reads and writes, pointer chasing, cache and TLB walks. */
  memory: [
    'bw_mem_cp_200m',
    'bw_mem_cp_700m',
    'bw_mem_cp_2000m',
    'bw_mem_rd',
    'bw_mem_wr',
    'cache',
    'lat_mem_rd_1_256',
    'lat_mem_rd_1_8',
    'lat_mem_rd_200_256',
    'lat_mem_rd_200_8',
    'lat_mem_rd_p4',
    'line',
    'mp_bus_spd',
    'mp_bus_spd2',
    'mp_randmem',
    'openmp_mem_spd',
    'par_mem',
    'par_mem_mp',
    'tlb',
  ],
  /** The kernel's own work: context switches, file system, page faults, fork. */
  os: ['lat_ctx_0_18', 'lat_ctx_500_18', 'lat_fs', 'lat_pagefault', 'lat_proc_fork'],
  /** No workload: the static check's rows, never fitted as a class. */
  idle: ['idle'],
} as const satisfies Record<string, readonly string[]>;

/** One of WORKLOAD_CLASSES' names. */
export type WorkloadClass = keyof typeof WORKLOAD_CLASSES;

const CLASS_OF = new Map<string, WorkloadClass>(
  Object.entries(WORKLOAD_CLASSES).flatMap(([c, names]) => names.map((n) => [n, c as WorkloadClass] as const)),
);

/** A workload's class, or null for a name Powmon's table does not have. */
export function classOfWorkload(workload: string): WorkloadClass | null {
  return CLASS_OF.get(workload) ?? null;
}
