/** The public API of scenarios/: the Scenario type, its checker and loader, and the built-in scenarios. */
export type * from './types.js';
export { checkScenario, SCENARIO_DEFAULTS, type CheckScenarioOptions } from './checkScenario.js';
export type { RtappFileReader, RtappSource } from './rtapp/rtappSource.js';
export { loadScenarioFile } from './loadScenarioFile.js';
export { builtinScenarios, DEFAULT_SCENARIO_ID, resolveScenario, scenarioById } from './builtinScenarios.js';
