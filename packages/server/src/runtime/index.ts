// Public surface of the agent runtime, for the bench and tools.
export { createAgentRuntime, type AgentRuntime } from './agent-runtime.js';
export type { AgentDefinition } from './agent-definition.js';
