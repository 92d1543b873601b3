import type { ModelIR } from '../../ir/spec-ir.js';
import { kebabCase, lowerCamelCase } from '../model-names.js';

/** The folder of the FHIR mapper modules in the output folder. */
export const fhirFolder = 'fhir';

/** The names that the FHIR mapper module of one model declares. */
export interface FhirNames {
  /** The `FhirMapping` constant. */
  readonly mapping: string;
  /** The interface of the id and the mapped fields. */
  readonly fields: string;
  readonly toFhir: string;
  readonly fromFhir: string;
  /** Module path relative to the output folder, such as `fhir/lab-result.ts`. */
  readonly file: string;
  /** Import specifier of the module from the FHIR folder. */
  readonly specifier: string;
}

/** Derives the declared names and the module path of a model's FHIR mapper. */
export function fhirNames(model: ModelIR): FhirNames {
  const fileName = kebabCase(model.name);
  const prefix = lowerCamelCase(model.name);
  return {
    mapping: `${prefix}FhirMapping`,
    fields: `${model.name}FhirFields`,
    toFhir: `${prefix}ToFhir`,
    fromFhir: `${prefix}FromFhir`,
    file: `${fhirFolder}/${fileName}.ts`,
    specifier: `./${fileName}.js`,
  };
}
