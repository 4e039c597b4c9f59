// Public surface of the ModelProvider port and its adapters, for the bench and tools.
export type * from './model-provider.js';
export { OfflineScriptedProvider } from './offline-scripted-provider.js';
export { OpenAiCompatibleProvider } from './openai-compatible-provider.js';
export { AnthropicProvider } from './anthropic-provider.js';
export type * from './embedding-provider.js';
export { BatchingEmbedder } from './batching-embedder.js';
export { CoalescingModelProvider } from './coalescing-model-provider.js';
