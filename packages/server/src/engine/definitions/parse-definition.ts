// One entry point for every definition format: the TS builder's JSON, YAML and BPMN 2.0 XML.
import { PlatformError } from '../../errors.js';
import { parseBpmn } from '../bpmn/bpmn-import.js';
import type { ProcessDefinition } from '../model/types.js';
import { parseYamlDefinition } from './yaml.js';

export type DefinitionFormat = 'json' | 'yaml' | 'bpmn';

/** A definition as deployed: the model, or the text of a YAML / BPMN / JSON file. */
export type DefinitionSource =
  | { format: 'json'; model: ProcessDefinition }
  | { format: 'yaml' | 'bpmn' | 'json'; source: string; processId?: string };

/** Guesses the format of a file's text (XML → bpmn, `{` → json, else yaml). */
export function detectFormat(text: string): DefinitionFormat {
  const t = text.trimStart();
  if (t.startsWith('<')) return 'bpmn';
  if (t.startsWith('{')) return 'json';
  return 'yaml';
}

/** Parses any supported source into the process model (not yet validated: deploy compiles it). */
export async function parseDefinition(
  input: DefinitionSource,
): Promise<{ model: ProcessDefinition; source: string }> {
  if ('model' in input) return { model: structuredClone(input.model), source: JSON.stringify(input.model) };
  if (typeof input.source !== 'string' || input.source.trim() === '') {
    throw new PlatformError('VALIDATION', 'Definition source is empty', { details: { field: 'source' } });
  }
  switch (input.format) {
    case 'bpmn':
      return {
        model: await parseBpmn(
          input.source,
          input.processId === undefined ? {} : { processId: input.processId },
        ),
        source: input.source,
      };
    case 'yaml':
      return { model: parseYamlDefinition(input.source), source: input.source };
    case 'json': {
      let model: unknown;
      try {
        model = JSON.parse(input.source);
      } catch (err) {
        throw new PlatformError('VALIDATION', `Definition JSON cannot be parsed: ${(err as Error).message}`, {
          details: { field: 'source' },
        });
      }
      return { model: model as ProcessDefinition, source: input.source };
    }
    default:
      throw new PlatformError(
        'VALIDATION',
        `Unknown definition format '${String((input as { format: unknown }).format)}' (json, yaml or bpmn)`,
        {
          details: { field: 'format' },
        },
      );
  }
}
