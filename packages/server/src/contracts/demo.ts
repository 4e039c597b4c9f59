// The live demo: one skill run on sample input, with its checks.
import { z } from 'zod';

export const DemoRequestSchema = z.object({
  input: z.unknown().describe("The demo skill's input; see the profile's demo.inputSchema"),
});
export type DemoRequest = z.infer<typeof DemoRequestSchema>;

export const SkillCheckSchema = z.object({ name: z.string(), passed: z.boolean(), detail: z.string() });
export type SkillCheck = z.infer<typeof SkillCheckSchema>;

export const DemoResultSchema = z.object({
  agentId: z.string(),
  skillId: z.string(),
  summary: z.string(),
  markdown: z.string(),
  output: z.unknown(),
  checks: z.array(SkillCheckSchema),
  /** `offline` (deterministic skill) or `model` (a configured model wrote part of it). */
  method: z.enum(['offline', 'model']),
  confidence: z.number(),
  durationMs: z.number(),
  /** Demo runs left today for this visitor. */
  remainingToday: z.number().int(),
});
export type DemoResult = z.infer<typeof DemoResultSchema>;
