// Composable validation: zod schemas, business rules and connectivity checks, each producing
// issues that name the field, so an error tells the user exactly what to fix.
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import { PlatformError, toPlatformError } from '../../errors.js';

export interface ValidationIssue {
  /** Dotted path with [i] for array items (`employer.contacts[2].email`); `(root)` for the whole value. */
  field: string;
  message: string;
  kind: 'schema' | 'rule' | 'connectivity';
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

/** A business rule: returns nothing when satisfied, else a message (about `field`, or the rule's name). */
export type BusinessRule<T> = (
  data: T,
) =>
  | string
  | { field: string; message: string }
  | undefined
  | Promise<string | { field: string; message: string } | undefined>;

export interface ConnectivityCheckResult {
  name: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** `(root)` when the path is empty. */
export function fieldName(path: readonly PropertyKey[]): string {
  const out = path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
  return out || '(root)';
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Turns zod issues into field-naming messages ("Required field 'x' missing", "expected type 'integer'"). */
export function describeZodIssues(error: z.ZodError, data: unknown): ValidationIssue[] {
  return error.issues.map((issue) => {
    const field = fieldName(issue.path);
    let message: string;
    if (
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      issue.path.length > 0 &&
      valueAt(data, issue.path) === undefined
    ) {
      message = `Required field '${field}' missing`;
    } else if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      message = `Field '${field}': expected type '${expected}'`;
    } else if (issue.code === 'invalid_value') {
      message = `Field '${field}': must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (issue.code === 'too_small') {
      message = `Field '${field}': must be at least ${String(issue.minimum)}`;
    } else if (issue.code === 'too_big') {
      message = `Field '${field}': must be at most ${String(issue.maximum)}`;
    } else if (issue.code === 'invalid_format') {
      message = `Field '${field}': must be a valid ${issue.format}`;
    } else {
      message = `Field '${field}': ${issue.message}`;
    }
    return { field, message, kind: 'schema' as const };
  });
}

/** Throws VALIDATION naming the first bad field, with every issue in `details.issues`. */
export function assertValid(result: ValidationResult, what = 'input'): void {
  if (result.valid) return;
  const first = result.errors[0]!;
  throw new PlatformError('VALIDATION', `Invalid ${what}: ${first.message}`, {
    details: {
      field: first.field,
      issues: result.errors.map((e) => ({ field: e.field, message: e.message, kind: e.kind })),
    },
  });
}

/** Parses with a zod schema or throws VALIDATION naming the field; returns the parsed value. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, what = 'input'): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) assertValid({ valid: false, errors: describeZodIssues(parsed.error, data) }, what);
  return (parsed as { data: z.output<S> }).data;
}

export interface ValidatorOptions {
  /** Times connectivity checks and their deadline; the system clock when absent. */
  clock?: Clock;
  /** Deadline per connectivity check (default 2000 ms). */
  connectivityTimeoutMs?: number;
}

/** Named schemas, rules and connectivity checks, combined by `validateAll`. */
export class Validator {
  private readonly schemas = new Map<string, z.ZodType>();
  private readonly rules = new Map<string, BusinessRule<never>>();
  private readonly checks = new Map<string, () => Promise<void>>();
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(options: ValidatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.connectivityTimeoutMs ?? 2000;
  }

  addSchema(name: string, schema: z.ZodType): this {
    this.schemas.set(name, schema);
    return this;
  }

  validateSchema(name: string, data: unknown): ValidationResult {
    const schema = this.schemas.get(name);
    if (!schema)
      throw new PlatformError('NOT_FOUND', `No schema named '${name}'`, { details: { schema: name } });
    const parsed = schema.safeParse(data);
    return parsed.success
      ? { valid: true, errors: [] }
      : { valid: false, errors: describeZodIssues(parsed.error, data) };
  }

  addRule<T>(name: string, rule: BusinessRule<T>): this {
    this.rules.set(name, rule as BusinessRule<never>);
    return this;
  }

  /** Runs the named rules (all when omitted); a rule that throws counts as failed, naming the rule. */
  async validateRules(data: unknown, names?: readonly string[]): Promise<ValidationResult> {
    const errors: ValidationIssue[] = [];
    for (const name of names ?? [...this.rules.keys()]) {
      const rule = this.rules.get(name);
      if (!rule) throw new PlatformError('NOT_FOUND', `No rule named '${name}'`, { details: { rule: name } });
      let outcome: Awaited<ReturnType<BusinessRule<unknown>>>;
      try {
        outcome = await (rule as BusinessRule<unknown>)(data);
      } catch (err) {
        outcome = `rule '${name}' failed: ${toPlatformError(err).message}`;
      }
      if (typeof outcome === 'string') errors.push({ field: name, message: outcome, kind: 'rule' });
      else if (outcome) errors.push({ field: outcome.field, message: outcome.message, kind: 'rule' });
    }
    return { valid: errors.length === 0, errors };
  }

  /** A check resolves when the dependency answers and throws (or times out) when it does not. */
  addConnectivityCheck(name: string, check: () => Promise<void>): this {
    this.checks.set(name, check);
    return this;
  }

  async checkConnectivity(
    names?: readonly string[],
  ): Promise<ValidationResult & { checks: ConnectivityCheckResult[] }> {
    const selected = names ?? [...this.checks.keys()];
    const checks = await Promise.all(selected.map((name) => this.runCheck(name)));
    const errors = checks
      .filter((c) => !c.ok)
      .map((c) => ({
        field: c.name,
        message: `Connectivity check '${c.name}' failed: ${c.error}`,
        kind: 'connectivity' as const,
      }));
    return { valid: errors.length === 0, errors, checks };
  }

  /** Schema first; rules only run on data that passed the schema; connectivity last. */
  async validateAll(
    data: unknown,
    options: { schema?: string; rules?: readonly string[]; connectivity?: readonly string[] },
  ): Promise<ValidationResult> {
    if (options.schema !== undefined) {
      const r = this.validateSchema(options.schema, data);
      if (!r.valid) return r;
    }
    const errors: ValidationIssue[] = [];
    if (options.rules) errors.push(...(await this.validateRules(data, options.rules)).errors);
    if (options.connectivity) errors.push(...(await this.checkConnectivity(options.connectivity)).errors);
    return { valid: errors.length === 0, errors };
  }

  private async runCheck(name: string): Promise<ConnectivityCheckResult> {
    const check = this.checks.get(name);
    if (!check)
      throw new PlatformError('NOT_FOUND', `No connectivity check named '${name}'`, {
        details: { check: name },
      });
    const start = this.clock.now();
    let timer: { cancel(): void } | undefined;
    try {
      await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          timer = this.clock.setTimeout(
            () => reject(new PlatformError('TIMEOUT', `timed out after ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      return { name, ok: true, latencyMs: this.clock.now() - start };
    } catch (err) {
      return { name, ok: false, latencyMs: this.clock.now() - start, error: toPlatformError(err).message };
    } finally {
      timer?.cancel();
    }
  }
}
