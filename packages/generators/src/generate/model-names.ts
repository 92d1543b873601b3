import type { FieldIR, ModelIR } from '../ir/spec-ir.js';

/** The names that the generated code declares for one model. */
export interface ModelNames {
  /** The decrypted record interface: the model name itself. */
  readonly record: string;
  readonly input: string;
  readonly row: string;
  /** The metadata constant. */
  readonly table: string;
  readonly encrypt: string;
  readonly decrypt: string;
  /** Module path relative to the output folder, such as `models/clinical-note.ts`. */
  readonly file: string;
  /** Import specifier of the module from the output folder, such as `./models/clinical-note.js`. */
  readonly specifier: string;
}

/** Derives the declared names and the module path of a model from its spec name. */
export function modelNames(model: ModelIR): ModelNames {
  const fileName = kebabCase(model.name);
  return {
    record: model.name,
    input: `${model.name}Input`,
    row: `${model.name}Row`,
    table: `${lowerCamelCase(model.name)}Table`,
    encrypt: `encrypt${upperFirst(model.name)}`,
    decrypt: `decrypt${upperFirst(model.name)}`,
    file: `models/${fileName}.ts`,
    specifier: `./models/${fileName}.js`,
  };
}

/** Names the function that computes the blind index of a `lookup: exact` field. */
export function lookupIndexFunctionName(model: ModelIR, field: FieldIR): string {
  return `${lowerCamelCase(model.name)}${upperFirst(field.name)}Index`;
}

/** Converts a model name to kebab case: `HTTPLog` to `http-log`, `Lab_Result` to `lab-result`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** Lowers the leading capitals: `ClinicalNote` to `clinicalNote`, `HTTPLog` to `httpLog`. */
export function lowerCamelCase(name: string): string {
  const leadingCapitals = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (leadingCapitals.length <= 1 || leadingCapitals.length === name.length) {
    return name.slice(0, leadingCapitals.length).toLowerCase() + name.slice(leadingCapitals.length);
  }

  // Keep the last capital of a run such as `HTTPL` when it starts the next word (`Log`).
  const nextIsLower = /[a-z]/.test(name.charAt(leadingCapitals.length));
  const lowered = nextIsLower ? leadingCapitals.length - 1 : leadingCapitals.length;
  return name.slice(0, lowered).toLowerCase() + name.slice(lowered);
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
