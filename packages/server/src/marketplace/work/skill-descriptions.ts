// An agent's skills as the instance page shows them: the input's JSON Schema (the "new task" form is
// built from it), which fields take an uploaded file and what the file becomes, and a ready example.
import { z } from 'zod';
import type { InstanceSkill } from '../../contracts/work.js';
import type { AgentSkillInfo } from './agent-work-ports.js';

type FileAccepts = 'table' | 'text';

/** Unwraps optional / default / nullable wrappers to the schema underneath. */
export function coreSchema(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType } };
  for (let i = 0; i < 10; i++) {
    const inner = s.def?.innerType;
    if (!inner) return s;
    s = inner as typeof s;
  }
  return s;
}

/**
 * The file a field accepts: an array of objects takes a table's rows; a long string (over 1000
 * characters allowed) takes a document's text or a CSV's text. Others take no file.
 */
export function fileAccepts(schema: z.ZodType): FileAccepts | undefined {
  const s = coreSchema(schema);
  if (s instanceof z.ZodArray)
    return coreSchema(s.element as z.ZodType) instanceof z.ZodObject ? 'table' : undefined;
  if (s instanceof z.ZodString) {
    const max = s.maxLength;
    return max === null || max > 1000 ? 'text' : undefined;
  }
  return undefined;
}

/** The top-level fields of an object schema and the files they accept. */
export function fileFields(schema: z.ZodType): Array<{ field: string; accepts: FileAccepts }> {
  const s = coreSchema(schema);
  if (!(s instanceof z.ZodObject)) return [];
  const out: Array<{ field: string; accepts: FileAccepts }> = [];
  for (const [field, fieldSchema] of Object.entries(s.shape as Record<string, z.ZodType>)) {
    const accepts = fileAccepts(fieldSchema);
    if (accepts) out.push({ field, accepts });
  }
  return out;
}

const described = new Map<string, InstanceSkill>();

export function describeSkill(skill: AgentSkillInfo): InstanceSkill {
  const cached = described.get(skill.id);
  if (cached) return cached;
  let inputSchema: Record<string, unknown>;
  try {
    inputSchema = z.toJSONSchema(skill.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
  } catch {
    inputSchema = { type: 'object' };
  }
  const out: InstanceSkill = {
    id: skill.id,
    title: skill.title,
    description: skill.description,
    inputSchema,
    fileFields: fileFields(skill.inputSchema),
    exampleInput: skill.example ?? null,
  };
  described.set(skill.id, out);
  return out;
}
