/** `twinrtm platforms`: the built-in platforms, their units, rails and power modes. */
import type { Command } from 'commander';
import type { LayerKind } from '../../dnn/types.js';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import { ownRuntimeOf, runtimesOfUnit } from '../../models/runtimes.js';
import type { PerfParams, Platform, Provenance, RuntimeName, Unit } from '../../models/types.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

type ProvenanceKind = 'source' | 'calibration' | 'prior';

/** One time profile of a unit as `platforms` lists it: its runtime, and where its numbers came from. */
export interface RuntimeSummary {
  /** null: the unit's own profile, which neither it nor the platform names. */
  name: RuntimeName | null;
  /** The profile the unit runs by default (its `perf`). */
  own: boolean;
  /** The layer kinds whose parameters come from a source, a calibration, a prior (a block may mix them). */
  provenance: Partial<Record<ProvenanceKind, LayerKind[]>>;
}

function provenanceKind(block: Provenance): ProvenanceKind {
  if (block.calibration !== undefined) return 'calibration';
  return block.source !== undefined ? 'source' : 'prior';
}

function provenanceOf(perf: Record<LayerKind, PerfParams>): RuntimeSummary['provenance'] {
  const out: RuntimeSummary['provenance'] = {};
  for (const [kind, block] of Object.entries(perf) as [LayerKind, PerfParams][]) {
    const from = provenanceKind(block);
    out[from] = [...(out[from] ?? []), kind];
  }
  return out;
}

/** A unit's time profiles, its own first. */
export function runtimeSummaries(platform: Platform, unit: Unit): RuntimeSummary[] {
  const own = ownRuntimeOf(platform, unit);
  const others = runtimesOfUnit(platform, unit).filter((r) => r !== own);
  return [
    { name: own, own: true, provenance: provenanceOf(unit.perf) },
    ...others.map((r) => ({ name: r, own: false, provenance: provenanceOf(unit.runtimes![r]!.perf) })),
  ];
}

/** `ncnn (calibration)`, `onnxruntime (own, prior)`, or per kind where a block mixes them. */
export function runtimeText(r: RuntimeSummary): string {
  const kinds = Object.entries(r.provenance);
  const where = kinds.length === 1 ? kinds[0]![0] : kinds.map(([k, layers]) => `${k}: ${layers.join(', ')}`).join('; ');
  return `${r.name ?? 'unnamed'} (${r.own ? 'own, ' : ''}${where})`;
}

export function platformSummary(p: Platform) {
  return {
    id: p.id,
    name: p.name,
    units: p.units.map((u) => ({
      id: u.id,
      kind: u.kind,
      name: u.name,
      cores: u.cores,
      cpus: u.cpus,
      freqsMHz: u.opps.points.map((o) => o.freqMHz),
      runtimes: runtimeSummaries(p, u),
    })),
    rails: p.rails.map((r) => ({ name: r.name, components: r.components, total: r.total })),
    powerModes: p.powerModes.map((m) => ({ id: m.id, description: m.description, limits: m.limits })),
    defaultPowerMode: p.defaultPowerMode,
    thermalTrips: p.thermalTrips.map((t) => ({ tempC: t.tempC, capsMHz: t.capsMHz })),
  };
}

export function registerPlatforms(program: Command, io: Io): void {
  program
    .command('platforms')
    .description('list the built-in platforms: units, operating points, runtime profiles, rails, power modes')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const summaries = builtinPlatforms().map(platformSummary);
      if (options.json) return printJson(io, summaries);
      for (const p of summaries) {
        io.out(`${p.id}: ${p.name}\n`);
        io.out(
          formatTable(
            [
              { header: 'unit' },
              { header: 'kind' },
              { header: 'cores', right: true },
              { header: 'cpus' },
              { header: 'operating points (MHz)' },
            ],
            p.units.map((u) => [
              u.id,
              u.kind,
              u.cores,
              u.cpus.join(',') || '-',
              `${u.freqsMHz[0]}..${u.freqsMHz.at(-1)} (${u.freqsMHz.length})`,
            ]),
          ),
        );
        io.out(`runtimes: ${p.units.map((u) => `${u.id}: ${u.runtimes.map(runtimeText).join(', ')}`).join('; ')}\n`);
        io.out(
          `rails: ${p.rails.map((r) => `${r.name} (${r.components.join('+')}${r.total ? ', total' : ''})`).join(', ')}\n`,
        );
        if (p.powerModes.length > 0)
          io.out(
            `power modes: ${p.powerModes.map((m) => m.id + (m.id === p.defaultPowerMode ? ' (default)' : '')).join(', ')}\n`,
          );
        if (p.thermalTrips.length > 0) {
          io.out(
            `thermal trips: ${p.thermalTrips
              .map(
                (t) =>
                  `${t.tempC} C -> ${Object.entries(t.capsMHz)
                    .map(([u, f]) => `${u} <= ${f} MHz`)
                    .join(', ')}`,
              )
              .join('; ')}\n`,
          );
        }
        io.out('\n');
      }
    });
}
