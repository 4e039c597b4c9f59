// Public surface of the workflow engine: the durable Engine, definition formats, the pure interpreter
// pieces (for tooling, tests and the bench).
export { Engine } from './engine.js';
export type {
  ControlResult,
  CorrelateOptions,
  CorrelateResult,
  DeployResult,
  EngineFaults,
  EngineOptions,
  InstanceView,
  StartOptions,
  TaskContext,
  TaskHandler,
  VariableChangeView,
} from './engine-types.js';
export type * from './engine-store.js';
export { BpmnError } from './bpmn-error.js';
export { workflow, timers, WorkflowBuilder, ScopeBuilder } from './definitions/builder.js';
export {
  parseDefinition,
  detectFormat,
  type DefinitionFormat,
  type DefinitionSource,
} from './definitions/parse-definition.js';
export { parseYamlDefinition } from './definitions/yaml.js';
export { parseBpmn } from './bpmn/bpmn-import.js';
export { toBpmnXml } from './bpmn/bpmn-export.js';
export { compileDefinition, CompiledDefinition, type DefinitionProblem } from './model/compile.js';
export type * from './model/types.js';
export { decide, type Input, type InterpreterContext } from './interpreter.js';
export { replay, InstanceState, type InstanceStatus } from './instance-state.js';
export type { HistoryEvent } from './history-events.js';
export { Simulator, PENDING } from './simulator.js';
