/** The README's claims on the Jetson Nano and the host platform (builtinClaimsCheck.ts says why apart). */
import { describe } from 'vitest';
import { CLAIM_PLATFORMS, claimsHoldOn } from './builtinClaimsCheck.js';

describe('every built-in policy keeps the claims of the README table', () => {
  claimsHoldOn(CLAIM_PLATFORMS.second);
});
