// Variable typing: infers a value's type and checks values against a definition's declarations, so a
// wrong-typed start input or variable update fails with VALIDATION naming the variable.
import { PlatformError, type JsonValue } from '../../errors.js';
import type { VariableDeclaration, VariableType } from './types.js';

/** The type a JSON value would be stored with (`integer` for whole numbers). */
export function inferType(value: JsonValue): Exclude<VariableType, 'any'> {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'object';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

function matches(type: VariableType, value: JsonValue): boolean {
  if (value === null || type === 'any') return true;
  const actual = inferType(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

/** Checks a JSON value is a plain JSON object (the shape of variables and handler results). */
export function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `values` against `declarations`. With `complete`, required variables must be present and
 * defaults are filled in; returns the values to store. VALIDATION naming every offending variable.
 */
export function checkVariables(
  declarations: Record<string, VariableDeclaration> | undefined,
  values: Record<string, JsonValue>,
  options: { complete: boolean; context: string },
): Record<string, JsonValue> {
  if (!isJsonObject(values)) {
    throw new PlatformError('VALIDATION', `${options.context}: variables must be an object`, {
      details: { field: 'variables' },
    });
  }
  const out: Record<string, JsonValue> = { ...values };
  const problems: Array<{ field: string; message: string }> = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) {
      problems.push({ field: name, message: 'is undefined (use null to clear)' });
      continue;
    }
    const decl = declarations?.[name];
    if (decl && !matches(decl.type, value)) {
      problems.push({ field: name, message: `must be of type ${decl.type}, got ${inferType(value)}` });
    }
  }
  if (options.complete) {
    for (const [name, decl] of Object.entries(declarations ?? {})) {
      if (Object.hasOwn(out, name) && out[name] !== null) continue;
      if (decl.default !== undefined) out[name] = decl.default;
      else if (decl.required) problems.push({ field: name, message: 'is required' });
    }
  }
  if (problems.length) {
    throw new PlatformError(
      'VALIDATION',
      `${options.context}: ${problems.map((p) => `variable '${p.field}' ${p.message}`).join('; ')}`,
      {
        details: { field: problems[0]!.field, problems },
      },
    );
  }
  return out;
}
