import type { FieldIR, ModelIR } from '../../ir/spec-ir.js';
import { kebabCase, lowerCamelCase, modelNames } from '../model-names.js';

/** The folder of the repository modules in the output folder. */
export const repositoriesFolder = 'repositories';

/** Import specifier of the shared repository module, from a repository module. */
export const supportModule = './repository-support.js';

/** The names that the repository module of one model declares. */
export interface RepositoryNames {
  readonly repository: string;
  /** The type of what a role reads, generic over the role. */
  readonly view: string;
  /** The type of the fields that an update may set. */
  readonly changes: string;
  /** The constant that describes the model to the shared RecordStore. */
  readonly model: string;
  readonly project: string;
  readonly change: string;
  /** Module path relative to the output folder, such as `repositories/lab-result-repository.ts`. */
  readonly file: string;
  /** Import specifier of the module from the repositories folder. */
  readonly specifier: string;
  /** Import specifier of the model's module from the repositories folder. */
  readonly modelModule: string;
}

/** Derives the declared names and the module path of a model's repository. */
export function repositoryNames(model: ModelIR): RepositoryNames {
  const fileName = `${kebabCase(model.name)}-repository`;
  return {
    repository: `${model.name}Repository`,
    view: `${model.name}View`,
    changes: `${model.name}Changes`,
    model: `${lowerCamelCase(model.name)}Model`,
    project: `project${model.name}`,
    change: `change${model.name}`,
    file: `${repositoriesFolder}/${fileName}.ts`,
    specifier: `./${fileName}.js`,
    modelModule: `../${modelNames(model).file.replace(/\.ts$/, '.js')}`,
  };
}

/** Names the method that finds records by a `lookup: exact` field: `findByFamilyName`. */
export function findByMethodName(field: FieldIR): string {
  return `findBy${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
}
