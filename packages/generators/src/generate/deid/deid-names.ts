import type { ModelIR } from '../../ir/spec-ir.js';
import { kebabCase, lowerCamelCase, modelNames } from '../model-names.js';

/** The folder of the de-identification modules in the output folder. */
export const deidFolder = 'deid';

/** The names that the de-identification module of one model declares. */
export interface DeidNames {
  /** The `DeidModelRules` constant. */
  readonly rules: string;
  /** The interface of a de-identified record. */
  readonly deidentified: string;
  readonly deidentify: string;
  /** Module path relative to the output folder, such as `deid/lab-result.ts`. */
  readonly file: string;
  /** Import specifier of the module from the de-identification folder. */
  readonly specifier: string;
  /** Import specifier of the model's module from the de-identification folder. */
  readonly modelModule: string;
}

/** Derives the declared names and the module path of a model's de-identification module. */
export function deidNames(model: ModelIR): DeidNames {
  const fileName = kebabCase(model.name);
  return {
    rules: `${lowerCamelCase(model.name)}DeidRules`,
    deidentified: `Deidentified${model.name}`,
    deidentify: `deidentify${model.name.charAt(0).toUpperCase()}${model.name.slice(1)}`,
    file: `${deidFolder}/${fileName}.ts`,
    specifier: `./${fileName}.js`,
    modelModule: `../${modelNames(model).file.replace(/\.ts$/, '.js')}`,
  };
}
