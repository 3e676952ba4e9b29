/** The public API of scenarios/: the Scenario type, its checker and loader, and the built-in scenarios. */
export type * from './types.js';
export { checkScenario, SCENARIO_DEFAULTS } from './checkScenario.js';
export { loadScenarioFile } from './loadScenarioFile.js';
export { builtinScenarios, DEFAULT_SCENARIO_ID, resolveScenario, scenarioById } from './builtinScenarios.js';
