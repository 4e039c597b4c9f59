// Parser of the engine's own safe expression language (conditions, mappings, scripts, timer values)
// and of its JUEL reading (`eq`, `lt`, `div`, `empty x`, `execution.getVariable('x')`…). A small
// recursive-descent parser producing a plain AST; nothing is handed to `eval`/`Function`.
import { PlatformError } from '../../errors.js';

export type Expr =
  | { k: 'lit'; v: string | number | boolean | null }
  | { k: 'var'; name: string }
  | { k: 'get'; obj: Expr; key: Expr }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'unary'; op: '-' | '!'; arg: Expr }
  | { k: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { k: 'and' | 'or'; left: Expr; right: Expr }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr }
  | { k: 'list'; items: Expr[] }
  | { k: 'obj'; entries: Array<[string, Expr]> };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface ParseOptions {
  /** Read JUEL's word operators and `execution.*` calls (Camunda 7 `${…}` expressions). */
  juel?: boolean;
}

/** JUEL's word operators and what they mean here. */
const JUEL_WORDS: Record<string, string> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  div: '/',
  mod: '%',
};

/** `execution.getVariable(…)` → `getVariable(…)`; `execution.processBusinessKey` and friends → `$businessKey`. */
function juelTokens(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const isDot = tokens[i + 1]?.kind === 'op' && tokens[i + 1]?.value === '.';
    if (t.kind === 'ident' && t.value === 'execution' && isDot && tokens[i + 2]?.kind === 'ident') {
      const member = tokens[i + 2]!.value;
      if (member === 'getVariable' || member === 'getVariableLocal') {
        out.push({ kind: 'ident', value: 'getVariable', pos: t.pos });
        i += 2;
        continue;
      }
      if (/^(getProcessBusinessKey|getBusinessKey|processBusinessKey|businessKey)$/.test(member)) {
        out.push({ kind: 'ident', value: '$businessKey', pos: t.pos });
        i += 2;
        const isCall = tokens[i + 1]?.value === '(' && tokens[i + 2]?.value === ')';
        if (isCall) i += 2;
        continue;
      }
    }
    if (t.kind === 'ident' && Object.hasOwn(JUEL_WORDS, t.value))
      out.push({ kind: 'op', value: JUEL_WORDS[t.value]!, pos: t.pos });
    else if (t.kind === 'ident' && t.value === 'empty' && tokens[i + 1]?.kind !== 'eof')
      out.push({ kind: 'op', value: 'empty', pos: t.pos });
    else out.push(t);
  }
  return out;
}

/** One statement of a script: `name = expr` or a bare expression. */
export type Statement = { k: 'assign'; name: string; value: Expr } | { k: 'expr'; value: Expr };

interface Token {
  kind: 'num' | 'str' | 'ident' | 'op' | 'eof';
  value: string;
  pos: number;
}

/** Longest source accepted; keeps evaluation cost bounded (there are no loops in the language). */
export const MAX_EXPRESSION_LENGTH = 10_000;
const MAX_DEPTH = 64;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null', 'if', 'then', 'else']);
const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  ':',
  '?',
  ';',
];

function fail(source: string, pos: number, message: string): never {
  throw new PlatformError(
    'VALIDATION',
    `Expression error at ${pos + 1}: ${message} in "${source.length > 80 ? `${source.slice(0, 77)}...` : source}"`,
    {
      details: { expression: source, position: pos + 1 },
    },
  );
}

function tokenize(source: string, newlineSeparates: boolean): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && !newlineSeparates)) {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', value: ';', pos: i });
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'num', value: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let out = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length) fail(source, i, 'unterminated string');
        const d = source[j]!;
        if (d === c) break;
        if (d === '\\') {
          const e = source[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
          if (e === undefined || map[e] === undefined) fail(source, j, 'unknown escape');
          out += map[e];
          j += 2;
          continue;
        }
        out += d;
        j++;
      }
      tokens.push({ kind: 'str', value: out, pos: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', value: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) fail(source, i, `unexpected character '${c}'`);
    tokens.push({ kind: 'op', value: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', value: '', pos: source.length });
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.value === value;
  }
  private isWord(value: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) this.error(`expected '${value}'`);
    this.i++;
  }
  error(message: string): never {
    const t = this.peek();
    fail(this.source, t.pos, t.kind === 'eof' ? `${message} at end` : `${message}, found '${t.value}'`);
  }
  skipSeparators(): void {
    while (this.isOp(';')) this.i++;
  }
  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  expression(): Expr {
    if (++this.depth > MAX_DEPTH) this.error('expression nested too deeply');
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  statement(): Statement {
    const t = this.peek();
    if (t.kind === 'ident' && !KEYWORDS.has(t.value) && this.isOp('=', 1)) {
      this.i += 2;
      return { k: 'assign', name: t.value, value: this.expression() };
    }
    return { k: 'expr', value: this.expression() };
  }

  private conditional(): Expr {
    if (this.isWord('if')) {
      this.next();
      const test = this.expression();
      if (!this.isWord('then')) this.error("expected 'then'");
      this.next();
      const then = this.expression();
      if (!this.isWord('else')) this.error("expected 'else'");
      this.next();
      return { k: 'cond', test, then, else: this.expression() };
    }
    const test = this.or();
    if (!this.isOp('?')) return test;
    this.next();
    const then = this.expression();
    this.expectOp(':');
    return { k: 'cond', test, then, else: this.expression() };
  }

  private or(): Expr {
    let left = this.and();
    while (this.isOp('||') || this.isWord('or')) {
      this.next();
      left = { k: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isOp('&&') || this.isWord('and')) {
      this.next();
      left = { k: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (
      this.isOp('!') ||
      (this.isWord('not') && !(this.peek(1).kind === 'ident' && this.peek(1).value === 'in'))
    ) {
      this.next();
      if (++this.depth > MAX_DEPTH) this.error('expression nested too deeply');
      try {
        return { k: 'unary', op: '!', arg: this.not() };
      } finally {
        this.depth--;
      }
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    let op: BinaryOp | undefined;
    if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>=', '='].includes(t.value)) {
      op = t.value === '=' ? '==' : (t.value as BinaryOp);
      this.next();
    } else if (t.kind === 'ident' && t.value === 'in') {
      op = 'in';
      this.next();
    } else if (
      t.kind === 'ident' &&
      t.value === 'not' &&
      this.peek(1).kind === 'ident' &&
      this.peek(1).value === 'in'
    ) {
      op = 'not in';
      this.next();
      this.next();
    }
    if (!op) return left;
    return { k: 'bin', op, left, right: this.additive() };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().value as '+' | '-';
      left = { k: 'bin', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().value as '*' | '/' | '%';
      left = { k: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.next();
      if (++this.depth > MAX_DEPTH) this.error('expression nested too deeply');
      try {
        return { k: 'unary', op: '-', arg: this.unary() };
      } finally {
        this.depth--;
      }
    }
    if (this.isOp('!')) return this.not();
    if (this.isOp('empty')) {
      this.next();
      return { k: 'call', fn: 'empty', args: [this.unary()] };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.isOp('.') || (this.isOp('?') && this.isOp('.', 1))) {
        if (this.isOp('?')) this.next();
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') this.error('expected a property name');
        e = { k: 'get', obj: e, key: { k: 'lit', v: name.value } };
      } else if (this.isOp('[')) {
        this.next();
        const key = this.expression();
        this.expectOp(']');
        e = { k: 'get', obj: e, key };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    if (this.peek().kind === 'eof') this.error('expected a value');
    const t = this.next();
    if (t.kind === 'num') return { k: 'lit', v: Number(t.value) };
    if (t.kind === 'str') return { k: 'lit', v: t.value };
    if (t.kind === 'ident') {
      if (t.value === 'true') return { k: 'lit', v: true };
      if (t.value === 'false') return { k: 'lit', v: false };
      if (t.value === 'null') return { k: 'lit', v: null };
      if (this.isOp('(')) {
        this.next();
        const args: Expr[] = [];
        if (!this.isOp(')')) {
          do args.push(this.expression());
          while (this.isOp(',') && this.next());
        }
        this.expectOp(')');
        return { k: 'call', fn: t.value, args };
      }
      if (KEYWORDS.has(t.value)) {
        this.i--;
        this.error('expected a value');
      }
      return { k: 'var', name: t.value };
    }
    if (t.kind === 'op' && t.value === '(') {
      const e = this.expression();
      this.expectOp(')');
      return e;
    }
    if (t.kind === 'op' && t.value === '[') {
      const items: Expr[] = [];
      if (!this.isOp(']')) {
        do items.push(this.expression());
        while (this.isOp(',') && this.next());
      }
      this.expectOp(']');
      return { k: 'list', items };
    }
    if (t.kind === 'op' && t.value === '{') {
      const entries: Array<[string, Expr]> = [];
      if (!this.isOp('}')) {
        do {
          const key = this.next();
          if (key.kind !== 'ident' && key.kind !== 'str') this.error('expected a key');
          this.expectOp(':');
          entries.push([key.value, this.expression()]);
        } while (this.isOp(',') && this.next());
      }
      this.expectOp('}');
      return { k: 'obj', entries };
    }
    this.i--;
    this.error('expected a value');
  }
}

function check(source: string): void {
  if (typeof source !== 'string') fail(String(source), 0, 'not a string');
  if (source.length > MAX_EXPRESSION_LENGTH)
    fail(source, MAX_EXPRESSION_LENGTH, `longer than ${MAX_EXPRESSION_LENGTH} characters`);
}

/** Removes the wrappers modellers put around expressions: `${…}`, `#{…}` (Camunda) and a leading `=` (Zeebe FEEL). */
export function unwrapExpression(source: string): string {
  const s = source.trim();
  const m = /^[$#]\{([\s\S]*)\}$/.exec(s);
  if (m) return m[1]!.trim();
  if (s.startsWith('=') && !s.startsWith('==')) return s.slice(1).trim();
  return s;
}

/** Parses one expression; VALIDATION with the position on a syntax error. */
export function parseExpression(source: string, options: ParseOptions = {}): Expr {
  check(source);
  const text = unwrapExpression(source);
  const tokens = tokenize(text, false);
  const parser = new Parser(text, options.juel ? juelTokens(tokens) : tokens);
  if (parser.atEnd()) fail(text, 0, 'empty expression');
  const e = parser.expression();
  if (!parser.atEnd()) parser.error('unexpected token');
  return e;
}

/** Parses a script: statements separated by `;` or new lines. */
export function parseScript(source: string): Statement[] {
  check(source);
  const parser = new Parser(source, tokenize(source, true));
  const out: Statement[] = [];
  parser.skipSeparators();
  while (!parser.atEnd()) {
    out.push(parser.statement());
    if (!parser.atEnd() && !parser.isOp(';')) parser.error('expected end of statement');
    parser.skipSeparators();
  }
  if (out.length === 0) fail(source, 0, 'empty script');
  return out;
}
