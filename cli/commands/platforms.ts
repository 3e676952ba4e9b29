/** `twinrtm platforms`: the built-in platforms, their units, rails and power modes. */
import type { Command } from 'commander';
import { builtinPlatforms } from '../../models/builtinPlatforms.js';
import type { Platform } from '../../models/types.js';
import { printJson, type Io } from '../io.js';
import { formatTable } from '../table.js';

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
    .description('list the built-in platforms: units, operating points, rails, power modes')
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
