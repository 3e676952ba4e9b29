/**
 * Arbitrary platforms: a built-in (or given) platform, or a perturbed variant of it. Shrinking
 * goes towards the unperturbed platform, so a counterexample needs a platform file only when the
 * perturbation is part of the failure.
 */
import fc from 'fast-check';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Platform } from '../../models/types.js';
import { perturbPlatform, type Perturbation } from '../perturbPlatform.js';
import { perturbationArb, type PerturbationConstraints } from './perturbationArb.js';

/** A generated platform: the one to run on, and how it came from its base. */
export interface GeneratedPlatform {
  /** The platform it was generated from. */
  base: Platform;
  /** Null: the base itself. */
  perturbation: Perturbation | null;
  /** The base, or the base perturbed (same id, checked). */
  platform: Platform;
}

/**
 * What platformArb draws: the base alone, or perturbed variants of it too (in the perturbation's
 * range).
 */
export interface PlatformConstraints extends PerturbationConstraints {
  /** Generate perturbed variants too. @defaultValue true */
  perturb?: boolean;
}

/**
 * Arbitrary platforms: the base platform or a perturbed variant of it, shrinking towards the
 * unperturbed one (so a counterexample needs a platform file only when the perturbation is part of
 * the failure).
 *
 * @param base - a built-in platform id or a checked Platform
 * @throws InputError for an unknown id (listing the valid ones)
 */
export function platformArb(
  base: string | Platform,
  constraints: PlatformConstraints = {},
): fc.Arbitrary<GeneratedPlatform> {
  const platform = typeof base === 'string' ? platformById(base) : base;
  if (constraints.perturb === false) return fc.constant({ base: platform, perturbation: null, platform });
  return fc.option(perturbationArb(platform, constraints), { nil: null }).map((perturbation) => ({
    base: platform,
    perturbation,
    platform: perturbation ? perturbPlatform(platform, perturbation) : platform,
  }));
}
