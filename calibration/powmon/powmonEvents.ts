/**
 * The Cortex-A15 PMU events of Powmon's data set and model (Walker et al., IEEE TCAD 2017), under the
 * names the twin's platform files give them, and the data set's column each rate is read from.
 */

/** Powmon's A15 events: the regressors of its model (data/public/powmon-xu3-a15/orig_maps_powmon-A15.map). */
export const POWMON_A15_EVENTS = [
  'cycles',
  'instSpecMinusIntOps',
  'l2dCacheRead',
  'unalignedLdstSpec',
  'intOps',
  'l1iAccess',
  'busAccess',
] as const;

/** One of the A15 events Powmon's model uses, by the twin's name. */
export type PowmonA15Event = (typeof POWMON_A15_EVENTS)[number];

/**
 * The twin's name of a PMU event as GemStone's model files write it (`EPH_0x50`, `EPH_0x1b_minus_EPH_0x73`),
 * per cluster: the Arm event numbers of the Cortex-A15 and Cortex-A7 technical reference manuals.
 */
export const EVENT_NAMES: Readonly<Record<'A15' | 'A7', Readonly<Record<string, string>>>> = {
  A15: {
    '0x11': 'cycles',
    '0x1b_minus_EPH_0x73': 'instSpecMinusIntOps',
    '0x50': 'l2dCacheRead',
    '0x6a': 'unalignedLdstSpec',
    '0x73': 'intOps',
    '0x14': 'l1iAccess',
    '0x19': 'busAccess',
    '0x04': 'l1dAccess',
    '0x43': 'l1dWriteRefill',
    '0x16': 'l2Access',
  },
  A7: {
    '0x11': 'cycles',
    '0x08': 'instructions',
    '0x04': 'l1dAccess',
    '0x03': 'l1dRefill',
    '0x60': 'dramBytesRead',
  },
};
