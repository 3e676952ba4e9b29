/** `twinrtm dnns`: the built-in networks, their layers and their exact costs per active-group count. */
import type { Command } from 'commander';
import { builtinNetworks } from '../../dnn/builtinNetworks.js';
import { networkCost } from '../../dnn/networkCost.js';
import type { Dnn } from '../../dnn/types.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

export function dnnSummary(d: Dnn) {
  return {
    id: d.id,
    description: d.description,
    input: d.input,
    groups: d.groups,
    structure: d.structure,
    layers: d.layers.map((l) => ({
      name: l.name,
      kind: l.kind,
      inChannels: l.inChannels,
      outChannels: l.outChannels,
      kernel: l.kernel,
      stride: l.stride,
      padding: l.padding,
      inH: l.inH,
      inW: l.inW,
      outH: l.outH,
      outW: l.outW,
      grouped: l.grouped,
    })),
    costs: Array.from({ length: d.groups }, (_, i) => {
      const c = networkCost(d, i + 1);
      return { groups: c.groups, macs: c.macs, paramBytes: c.paramBytes, activationBytes: c.activationBytes };
    }),
    accuracy: d.accuracy,
  };
}

export function registerDnns(program: Command, io: Io): void {
  program
    .command('dnns')
    .description('list the built-in networks: layers and exact costs (float32) per active-group count')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const summaries = builtinNetworks().map(dnnSummary);
      if (options.json) return printJson(io, summaries);
      for (const d of summaries) {
        io.out(`${d.id}: input ${d.input.join('x')}, G = ${d.groups}, ${d.structure}\n`);
        io.out(
          formatTable(
            [
              { header: 'layer' },
              { header: 'kind' },
              { header: 'in', right: true },
              { header: 'out', right: true },
              { header: 'k/s/p' },
              { header: 'in HxW' },
              { header: 'out HxW' },
              { header: 'grouped' },
            ],
            d.layers.map((l) => [
              l.name,
              l.kind,
              l.inChannels,
              l.outChannels,
              `${l.kernel}/${l.stride}/${l.padding}`,
              `${l.inH}x${l.inW}`,
              `${l.outH}x${l.outW}`,
              l.grouped ? 'yes' : 'no',
            ]),
          ),
        );
        const entry = (g: number) => d.accuracy.entries.find((e) => e.groups === g);
        const accuracy = (g: number) => entry(g)?.top1 ?? null;
        const measured = (v: number | null | undefined) =>
          v === null || v === undefined ? 'unmeasured' : v.toFixed(4);
        io.out(
          formatTable(
            [
              { header: 'groups', right: true },
              { header: 'MACs', right: true },
              { header: 'param bytes', right: true },
              { header: 'activation bytes', right: true },
              { header: 'top-1', right: true },
              { header: 'confidence', right: true },
              { header: 'norm. conf.', right: true },
              { header: 'ECE', right: true },
            ],
            d.costs.map((c) => [
              c.groups,
              c.macs,
              c.paramBytes,
              c.activationBytes,
              accuracy(c.groups) ?? 'unmeasured',
              measured(entry(c.groups)?.confidence),
              measured(entry(c.groups)?.normalisedCorrectConfidence),
              measured(entry(c.groups)?.ece),
            ]),
          ),
        );
        io.out('\n');
      }
    });
}
