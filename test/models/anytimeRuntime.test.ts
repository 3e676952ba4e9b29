import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { cascadeCost, predictAnytime } from '../../models/anytime.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { withRuntime } from '../../models/runtimes.js';
import type { Configuration } from '../../models/types.js';

// The cascade's extra launches use the overheads of the runtime chosen, as the steps' times do: asking
// for a runtime in the options gives what a platform already switched to it gives.
describe('anytime predictions on a chosen runtime', () => {
  const nano = platformById('jetson-nano');
  const dnn = networkById('alexnet-cifar10-g4');
  const config: Configuration = { unit: 'a57', cores: 4, freqMHz: { a57: 1479, gpu: 921.6 }, groups: 4 };

  it('cascadeCost with options.runtime equals cascadeCost on the switched platform', () => {
    const switched = withRuntime(nano, 'ncnn');
    const viaOption = cascadeCost(nano, dnn, config, 3, { runtime: 'ncnn' });
    expect(viaOption).toEqual(cascadeCost(switched, dnn, config, 3));
    // and the runtime matters: the default profile gives another cost
    expect(viaOption.timeMs).not.toBeCloseTo(cascadeCost(nano, dnn, config, 3).timeMs, 3);
  });

  it('predictAnytime with options.runtime equals predictAnytime on the switched platform', () => {
    const switched = withRuntime(nano, 'ncnn');
    const viaOption = predictAnytime(nano, dnn, config, 0.9, { runtime: 'ncnn' });
    expect(viaOption).toEqual(predictAnytime(switched, dnn, config, 0.9));
  });
});
