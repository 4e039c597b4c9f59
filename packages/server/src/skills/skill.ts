// The contract every agent skill implements: validated input in, a checked deliverable out.
// Skills are pure apart from the injected context (time, randomness, an optional model writer).
import type { z } from 'zod';

/** A model that writes prose. `offline` is true for the scripted provider, whose text is canned. */
export interface SkillWriter {
  write(
    prompt: string,
    opts?: { system?: string },
  ): Promise<{ text: string; provider: string; offline: boolean }>;
}

/** What a skill may use besides its input. Nothing else (no clock, no I/O) is reachable. */
export interface SkillContext {
  /** Milliseconds since the epoch; skills use it instead of `Date.now()` so results are repeatable. */
  now: number;
  /** Uniform [0,1) source; skills that need randomness fall back to a seeded generator without it. */
  rng?: () => number;
  /** When present a skill may ask it for richer prose; the result then says `method: 'model'`. */
  writer?: SkillWriter;
}

/** One verification the skill ran on its own output (or on the input it judged). */
export interface SkillCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export type SkillMethod = 'offline' | 'model';

export interface SkillResult<O> {
  /** Structured result for programs (JSON-safe). */
  output: O;
  /** One line for feeds and cards, e.g. "Scored 42 leads; 9 hot". */
  summary: string;
  /** The human deliverable. */
  markdown: string;
  checks: SkillCheck[];
  /** 'model' only when a real model's text is part of the deliverable. */
  method: SkillMethod;
  /** 0..1: how far the deterministic result can be trusted as-is. */
  confidence: number;
}

export interface Skill<I, O> {
  /** Stable id, dotted kebab-case (`seo.page-audit`); specs reference it. */
  id: string;
  /** Agent spec ids that list this skill. */
  agentIds: string[];
  title: string;
  description: string;
  /** True when the skill asks `ctx.writer` for prose when one is present (it still works without). */
  usesWriter: boolean;
  /** Validates raw input; every array and string has an upper bound (skills run in a public demo). */
  inputSchema: z.ZodType<I>;
  run(input: I, ctx: SkillContext): Promise<SkillResult<O>>;
}

/** A skill with its types erased, as stored in the registry. */
export type AnySkill = Skill<unknown, unknown>;

/** Identity helper that infers the input type from the schema. */
export function defineSkill<S extends z.ZodType, O>(skill: {
  id: string;
  agentIds: string[];
  title: string;
  description: string;
  usesWriter?: boolean;
  inputSchema: S;
  run(input: z.output<S>, ctx: SkillContext): Promise<SkillResult<O>>;
}): Skill<z.output<S>, O> {
  return {
    ...skill,
    usesWriter: skill.usesWriter ?? false,
    inputSchema: skill.inputSchema as z.ZodType<z.output<S>>,
  };
}
