// The three expression languages behind the port, and which one a definition uses. `waooaw` is the
// engine's own language (YAML, builder); in it `${…}` reads as JUEL. `juel` (Camunda 7 files) follows
// JUEL: `${expr}` is an expression, plain text a string literal, and `a ${b} c` a composite string.
// `feel` (Camunda 8 files) is FEEL through feelin.
import { PlatformError } from '../../errors.js';
import {
  expressionScript,
  type CompiledExpression,
  type ExpressionLanguage,
  type ExpressionLanguageId,
} from './expression-language.js';
import { feelLanguage } from './feel-expression.js';
import { compileExpression, compileScript } from './waooaw-expression.js';

const WRAPPED = /^\s*[$#]\{[\s\S]*\}\s*$/;
/** `${…}` / `#{…}` parts of a JUEL composite; braces inside string literals are not nested here. */
const PART = /[$#]\{((?:[^}"']|"[^"]*"|'[^']*')*)\}/g;

function compileJuel(source: string): CompiledExpression {
  if (WRAPPED.test(source) && [...source.matchAll(PART)].length === 1)
    return compileExpression(source, { juel: true });
  const pieces: Array<string | CompiledExpression> = [];
  let last = 0;
  for (const m of source.matchAll(PART)) {
    if (m.index > last) pieces.push(source.slice(last, m.index));
    pieces.push(compileExpression(m[1]!, { juel: true }));
    last = m.index + m[0].length;
  }
  if (last < source.length) pieces.push(source.slice(last));
  if (pieces.every((p) => typeof p === 'string')) {
    const text = source;
    return { source, evaluate: () => text };
  }
  return {
    source,
    evaluate: (scope) =>
      pieces
        .map((p) => {
          if (typeof p === 'string') return p;
          const v = p.evaluate(scope);
          return typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
        })
        .join(''),
  };
}

export const waooawLanguage: ExpressionLanguage = {
  id: 'waooaw',
  compile: (source) =>
    typeof source === 'string' && /^\s*[$#]\{/.test(source)
      ? compileExpression(source, { juel: true })
      : compileExpression(source),
  compileScript,
};

export const juelLanguage: ExpressionLanguage = {
  id: 'juel',
  compile: compileJuel,
  compileScript: (source) => expressionScript(compileJuel(source)),
};

const LANGUAGES: Record<ExpressionLanguageId, ExpressionLanguage> = {
  waooaw: waooawLanguage,
  feel: feelLanguage,
  juel: juelLanguage,
};

export const EXPRESSION_LANGUAGES: readonly ExpressionLanguageId[] = ['waooaw', 'feel', 'juel'];

/** The language with this id (`waooaw` when undefined); VALIDATION for an unknown id. */
export function expressionLanguage(id: ExpressionLanguageId | undefined): ExpressionLanguage {
  const key = id ?? 'waooaw';
  if (!Object.hasOwn(LANGUAGES, key))
    throw new PlatformError(
      'VALIDATION',
      `Unknown expression language '${String(id)}'; use one of ${EXPRESSION_LANGUAGES.join(', ')}`,
      { details: { field: 'expressionLanguage' } },
    );
  return LANGUAGES[key];
}
