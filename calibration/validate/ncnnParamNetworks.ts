/**
 * The networks of ncnn's benchmark the repository has the param files of (calibration/ncnn/networks.ts
 * lists them), costed node by node, for `twinrtm validate` on ncnn's table. Read here rather than
 * through ncnnNetworks() because the compiled CLI runs from dist/, which the build does not copy the
 * param files into: the files are looked for next to the source first, then in the package's
 * calibration/ncnn/params/ from dist/calibration/validate/.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Dnn } from '../../dnn/types.js';
import { NCNN_NETWORKS } from '../ncnn/networks.js';
import { paramNetwork } from '../ncnn/paramNetwork.js';

const FOLDERS = [
  new URL('../ncnn/params/', import.meta.url),
  new URL('../../../calibration/ncnn/params/', import.meta.url),
];

/** The twin networks of NCNN_NETWORKS, by id (`ncnn-<model>`). */
export function ncnnParamNetworks(): Map<string, Dnn> {
  const folder = FOLDERS.find((f) => NCNN_NETWORKS.every((n) => existsSync(new URL(n.file, f))));
  if (!folder) throw new Error(`ncnn's param files (calibration/ncnn/params/) are missing from this installation`);
  return new Map(NCNN_NETWORKS.map((n) => [n.id, paramNetwork(readFileSync(new URL(n.file, folder), 'utf8'), n)]));
}
