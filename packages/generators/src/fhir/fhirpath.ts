import type { PathCondition, PathStep } from '../ir/spec-ir.js';

/**
 * Parser for the FHIRPath subset that mappings use:
 *
 *   path       = name ( "." step )*
 *   step       = name | "first" "(" ")" | "where" "(" conditions ")"
 *   conditions = condition ( "and" condition )*
 *   condition  = name ( "." name )* ( "=" string | "." "exists" "(" conditions ")" )
 *
 * Strings are single-quoted with FHIRPath's escapes. Text that is not FHIRPath at all is a
 * `fhir.path-syntax` error. Valid FHIRPath outside the subset (other functions, `or`, `|`,
 * indexers, number literals, operators other than `=`) is `fhir.path-not-buildable`, because a
 * mapping must run in both directions and only the subset defines how to build an element.
 */

/** Code of a path that the parser rejects. */
export type PathErrorCode = 'fhir.path-syntax' | 'fhir.path-not-buildable';

/** A rejected path: what is wrong and the 0-based offset of the token at fault. */
export interface PathError {
  readonly code: PathErrorCode;
  readonly message: string;
  readonly offset: number;
}

/** An element name inside a path, with its 0-based offset in the path text. */
export interface LocatedName {
  readonly name: string;
  readonly offset: number;
}

/** A parsed step that keeps the offset of its first token, for error columns. */
export type LocatedStep =
  | { readonly kind: 'member'; readonly name: string; readonly offset: number }
  | { readonly kind: 'first'; readonly offset: number }
  | {
      readonly kind: 'where';
      readonly conditions: readonly LocatedCondition[];
      readonly offset: number;
    };

/** A parsed `where()` condition that keeps the offsets of its names and value. */
export type LocatedCondition =
  | {
      readonly kind: 'equals';
      readonly path: readonly LocatedName[];
      readonly value: string;
      readonly valueOffset: number;
    }
  | {
      readonly kind: 'exists';
      readonly path: readonly LocatedName[];
      readonly conditions: readonly LocatedCondition[];
      readonly offset: number;
    };

/** Result of `parsePath`: the steps for the IR and the same steps with offsets, or an error. */
export type ParsePathResult =
  | { readonly ok: true; readonly steps: readonly PathStep[]; readonly located: readonly LocatedStep[] }
  | { readonly ok: false; readonly error: PathError };

/** Summary of the supported subset, appended to error messages. */
export const PATH_SUBSET =
  "the FHIRPath subset supports member access (name.given), first(), where() with conditions such as use = 'official' joined by and, and exists() inside where()";

type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'dot'
  | 'open'
  | 'close'
  | 'equals'
  | 'comma'
  | 'indexer'
  | 'operator'
  | 'literal'
  | 'unknown'
  | 'end';

interface Token {
  readonly kind: TokenKind;
  /** The token as written. */
  readonly text: string;
  /** The decoded value of a string literal, or the name of an identifier. */
  readonly value: string;
  readonly offset: number;
}

const KEYWORD_OPERATORS = new Set(['or', 'xor', 'implies', 'and', 'in', 'contains', 'is', 'as', 'div', 'mod']);

const ESCAPES: Readonly<Record<string, string>> = {
  "'": "'",
  '"': '"',
  '`': '`',
  '\\': '\\',
  '/': '/',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class PathFailure extends Error {
  constructor(readonly pathError: PathError) {
    super(pathError.message);
  }
}

/** Parses a mapping path such as `name.where(use = 'official').first().family`. */
export function parsePath(text: string): ParsePathResult {
  try {
    const located = new Parser(tokenize(text)).parse();
    return { ok: true, steps: toPathSteps(located), located };
  } catch (error) {
    if (error instanceof PathFailure) return { ok: false, error: error.pathError };
    throw error;
  }
}

/** Drops the offsets of parsed steps, leaving the IR's `PathStep` data. */
export function toPathSteps(located: readonly LocatedStep[]): PathStep[] {
  return located.map((step): PathStep => {
    if (step.kind === 'member') return { kind: 'member', name: step.name };
    if (step.kind === 'first') return { kind: 'first' };
    return { kind: 'where', conditions: step.conditions.map(toPathCondition) };
  });
}

function toPathCondition(condition: LocatedCondition): PathCondition {
  const path = condition.path.map((part) => part.name);
  if (condition.kind === 'equals') return { kind: 'equals', path, value: condition.value };
  return { kind: 'exists', path, conditions: condition.conditions.map(toPathCondition) };
}

/** Writes steps back as FHIRPath text in one canonical spelling. */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((step) => {
      if (step.kind === 'member') return step.name;
      if (step.kind === 'first') return 'first()';
      return `where(${formatConditions(step.conditions)})`;
    })
    .join('.');
}

/** Writes conditions as FHIRPath text, joined by `and`, in the order given. */
export function formatConditions(conditions: readonly PathCondition[]): string {
  return conditions.map(formatCondition).join(' and ');
}

/** Writes one condition as FHIRPath text (`use = 'official'`). */
export function formatCondition(condition: PathCondition): string {
  const path = condition.path.join('.');
  if (condition.kind === 'equals') return `${path} = ${quoteString(condition.value)}`;
  return `${path}.exists(${formatConditions(condition.conditions)})`;
}

/** Quotes a string as a FHIRPath literal, escaping backslashes, quotes and control characters. */
export function quoteString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f');
  return `'${escaped}'`;
}

function syntaxError(message: string, offset: number): PathFailure {
  return new PathFailure({ code: 'fhir.path-syntax', message, offset });
}

function notBuildable(message: string, offset: number): PathFailure {
  return new PathFailure({ code: 'fhir.path-not-buildable', message, offset });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  const push = (kind: TokenKind, end: number, value?: string) => {
    const tokenText = text.slice(index, end);
    tokens.push({ kind, text: tokenText, value: value ?? tokenText, offset: index });
    index = end;
  };

  while (index < text.length) {
    const char = text[index] ?? '';
    const pair = text.slice(index, index + 2);

    if (/\s/.test(char)) {
      index += 1;
    } else if (/[A-Za-z_]/.test(char)) {
      push('identifier', scan(text, index, /[A-Za-z0-9_]/));
    } else if (/[0-9]/.test(char)) {
      push('number', scan(text, index, /[0-9.]/));
    } else if (char === "'") {
      const literal = readString(text, index);
      push('string', literal.end, literal.value);
    } else if (char === '`') {
      const close = text.indexOf('`', index + 1);
      if (close < 0) throw syntaxError('unterminated delimited identifier; close it with `', index);
      push('identifier', close + 1, text.slice(index + 1, close));
    } else if (char === '.' || char === '(' || char === ')' || char === '=' || char === ',') {
      const kinds = { '.': 'dot', '(': 'open', ')': 'close', '=': 'equals', ',': 'comma' } as const;
      push(kinds[char], index + 1);
    } else if (char === '[' || char === ']') {
      push('indexer', index + 1);
    } else if (pair === '!=' || pair === '<=' || pair === '>=' || pair === '!~') {
      push('operator', index + 2);
    } else if ('<>~|+-*/&'.includes(char)) {
      push('operator', index + 1);
    } else if (char === '@' || char === '%' || char === '$' || char === '{') {
      push('literal', scan(text, index + 1, /[A-Za-z0-9_:+\-.}]/));
    } else {
      push('unknown', index + 1);
    }
  }

  tokens.push({ kind: 'end', text: '', value: '', offset: text.length });
  return tokens;
}

function scan(text: string, start: number, pattern: RegExp): number {
  let end = start + 1;
  while (end < text.length && pattern.test(text[end] ?? '')) end += 1;
  return end;
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start + 1;

  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === "'") return { value, end: index + 1 };
    if (char !== '\\') {
      value += char;
      index += 1;
      continue;
    }

    const escape = text[index + 1] ?? '';
    const simple = ESCAPES[escape];
    if (simple !== undefined) {
      value += simple;
      index += 2;
    } else if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(index + 2, index + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16));
      index += 6;
    } else {
      throw syntaxError(
        `invalid escape "\\${escape}" in string literal; valid escapes are \\' \\" \\\` \\\\ \\/ \\f \\n \\r \\t and \\uXXXX`,
        index,
      );
    }
  }

  throw syntaxError("unterminated string literal; close it with '", start);
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): LocatedStep[] {
    const first = this.peek();
    if (first.kind === 'end') throw syntaxError(`path is empty; ${PATH_SUBSET}`, 0);
    if (first.kind === 'identifier' && this.peek(1).kind === 'open') {
      throw notBuildable(
        `a path starts with an element name of the resource, not with "${first.value}()"`,
        first.offset,
      );
    }

    const steps: LocatedStep[] = [this.member('an element name')];
    while (this.peek().kind === 'dot') {
      this.next();
      steps.push(this.step());
    }

    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, '"." or the end of the path');
    return steps;
  }

  private step(): LocatedStep {
    const token = this.peek();
    if (token.kind !== 'identifier') throw this.unexpected(token, 'an element name after "."');
    if (this.peek(1).kind !== 'open') return this.member('an element name');

    this.next();
    this.next();
    if (token.value === 'first') {
      const close = this.next();
      if (close.kind !== 'close') throw syntaxError('first() takes no arguments', close.offset);
      return { kind: 'first', offset: token.offset };
    }
    if (token.value === 'where') {
      if (this.peek().kind === 'close') {
        throw syntaxError(`where() needs a condition such as use = 'official'`, this.peek().offset);
      }
      const conditions = this.conditions();
      this.expectClose('where(');
      return { kind: 'where', conditions, offset: token.offset };
    }
    if (token.value === 'exists') {
      throw notBuildable(
        `exists() is supported only as a condition inside where(); ${PATH_SUBSET}`,
        token.offset,
      );
    }
    throw notBuildable(
      `function "${token.value}()" is not supported; ${PATH_SUBSET}`,
      token.offset,
    );
  }

  private conditions(): LocatedCondition[] {
    const conditions = [this.condition()];
    while (this.peek().kind === 'identifier' && this.peek().value === 'and') {
      this.next();
      conditions.push(this.condition());
    }
    return conditions;
  }

  private condition(): LocatedCondition {
    const path: LocatedName[] = [this.name('an element name at the start of a condition')];

    for (;;) {
      const token = this.peek();
      if (token.kind === 'equals') {
        this.next();
        return this.equalsValue(path);
      }
      if (token.kind !== 'dot') throw this.incompleteCondition(token);

      this.next();
      const member = this.peek();
      if (member.kind === 'identifier' && this.peek(1).kind === 'open') {
        return this.existsCondition(path, member);
      }
      path.push(this.name('an element name after "."'));
    }
  }

  private equalsValue(path: readonly LocatedName[]): LocatedCondition {
    const value = this.peek();
    if (value.kind === 'string') {
      this.next();
      return { kind: 'equals', path, value: value.value, valueOffset: value.offset };
    }
    if (value.text === '"') {
      throw syntaxError(`string literals use single quotes, such as 'official'`, value.offset);
    }
    if (value.kind === 'end' || value.kind === 'close') {
      throw syntaxError(`expected a string literal after "=", such as 'official'`, value.offset);
    }
    throw notBuildable(
      `"${value.text}" is not a string literal; conditions compare an element to text in single quotes, such as use = 'official'`,
      value.offset,
    );
  }

  private existsCondition(path: readonly LocatedName[], member: Token): LocatedCondition {
    if (member.value !== 'exists') {
      throw notBuildable(
        `function "${member.value}()" is not supported inside where(); conditions use element names, = and exists()`,
        member.offset,
      );
    }

    this.next();
    this.next();
    if (this.peek().kind === 'close') {
      throw notBuildable(
        `exists() needs conditions, such as coding.exists(code = 'MR'), so that the element can be built`,
        member.offset,
      );
    }
    const conditions = this.conditions();
    this.expectClose('exists(');
    return { kind: 'exists', path, conditions, offset: member.offset };
  }

  private incompleteCondition(token: Token): PathFailure {
    if (token.kind === 'operator') {
      return notBuildable(
        `operator "${token.text}" is not supported; conditions compare with = only`,
        token.offset,
      );
    }
    if (token.kind === 'close' || (token.kind === 'identifier' && token.value === 'and')) {
      return notBuildable(
        `a condition compares an element to a string literal (use = 'official') or tests exists(...), so that the element can be built`,
        token.offset,
      );
    }
    return this.unexpected(token, '"=" or "." in the condition');
  }

  private member(expected: string): LocatedStep {
    const name = this.name(expected);
    return { kind: 'member', name: name.name, offset: name.offset };
  }

  // Accepts any identifier where a name is expected, FHIRPath keywords included, so that R4
  // elements such as ValueSet.expansion.contains and Narrative.div can be reached.
  private name(expected: string): LocatedName {
    const token = this.peek();
    if (token.kind !== 'identifier') throw this.unexpected(token, expected);
    this.next();
    return { name: token.value, offset: token.offset };
  }

  private expectClose(context: string): void {
    const token = this.peek();
    if (token.kind === 'close') {
      this.next();
      return;
    }
    if (token.kind === 'end') throw syntaxError(`missing ")" to close ${context}`, token.offset);
    throw this.unexpected(token, `"and" or ")" to close ${context}`);
  }

  // Classifies a token that does not fit: FHIRPath that the subset leaves out is not buildable,
  // anything else is a syntax error.
  private unexpected(token: Token, expected: string): PathFailure {
    if (token.kind === 'end') return syntaxError(`path ends early; expected ${expected}`, token.offset);
    if (token.kind === 'indexer') {
      return notBuildable(`indexers such as [0] are not supported; use first()`, token.offset);
    }
    if (token.kind === 'operator' && token.text === '|') {
      return notBuildable(`union (|) is not supported; map each element separately`, token.offset);
    }
    if (token.kind === 'identifier' && token.value === 'and') {
      return notBuildable('"and" joins conditions inside where() only', token.offset);
    }
    if (token.kind === 'identifier' && KEYWORD_OPERATORS.has(token.value)) {
      return notBuildable(
        `operator "${token.value}" is not supported; conditions can be joined with "and" only, because a mapping must know which element to build`,
        token.offset,
      );
    }
    if (['operator', 'number', 'literal', 'comma', 'equals', 'string'].includes(token.kind)) {
      return notBuildable(`"${token.text}" is not supported; ${PATH_SUBSET}`, token.offset);
    }
    if (token.text === '"') {
      return syntaxError(`unexpected '"'; string literals use single quotes`, token.offset);
    }
    return syntaxError(`unexpected "${token.text}"; expected ${expected}`, token.offset);
  }

  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (token === undefined) throw new Error('token list is empty');
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}
