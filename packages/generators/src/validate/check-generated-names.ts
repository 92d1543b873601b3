import { lookupIndexFunctionName, modelNames } from '../generate/model-names.js';
import { blindIndexIndexName } from '../generate/schema-sql.js';
import { repositoryNames } from '../generate/repository/repository-names.js';
import type { SpecIR } from '../ir/spec-ir.js';
import type { SourceLocation, SpecIssue } from '../issue.js';

interface Declared {
  readonly owner: string;
  readonly source: SourceLocation;
}

/**
 * Checks that the names the generated barrel modules export are unique. Each model module exports
 * its types, its table constant, its encrypt and decrypt functions and one index function per
 * lookup field, and `index.ts` re-exports them all, so model `Encrypt` with lookup field `ab`
 * and model `AbIndex` would both export `encryptAbIndex`. The repositories' index works alike.
 */
export function checkGeneratedNames(ir: SpecIR): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const scopes = {
    models: new Map<string, Declared>(),
    repositories: new Map<string, Declared>(),
    sqlIndexes: new Map<string, Declared>(),
  };

  const declare = (
    scope: Map<string, Declared>,
    name: string,
    owner: string,
    source: SourceLocation,
    path: string,
  ): void => {
    const first = scope.get(name);
    if (first === undefined) {
      scope.set(name, { owner, source });
      return;
    }
    if (first.owner === owner) return;
    issues.push({
      code: 'spec.name-collision',
      message: `generated name "${name}" of ${owner} is also generated for ${first.owner}; rename one of them`,
      ...source,
      path,
      related: first.source,
    });
  };

  for (const model of ir.models) {
    const owner = `model "${model.name}"`;
    const names = modelNames(model);
    const declared = [names.record, names.input, names.row, names.table, names.encrypt, names.decrypt];
    for (const name of declared) {
      declare(scopes.models, name, owner, model.source, `models.${model.name}`);
    }
    for (const field of model.fields) {
      if (field.lookup === undefined) continue;
      const fieldOwner = `field "${model.name}.${field.name}"`;
      const path = `models.${model.name}.fields.${field.name}`;
      declare(scopes.models, lookupIndexFunctionName(model, field), fieldOwner, field.source, path);
      if (field.lookupColumn === undefined) continue;

      // SQL index names share one namespace per schema, and PostgreSQL cuts names at 63 bytes.
      const indexName = blindIndexIndexName(model.table, field.lookupColumn);
      declare(scopes.sqlIndexes, indexName, fieldOwner, field.source, path);
      if (Buffer.byteLength(indexName, 'utf8') > 63) {
        issues.push({
          code: 'spec.identifier-too-long',
          message: `SQL index name "${indexName}" is longer than 63 bytes, which PostgreSQL cuts; use a shorter table or field name`,
          ...field.source,
          path,
        });
      }
    }

    const repository = repositoryNames(model);
    for (const name of [
      repository.repository,
      repository.view,
      repository.changes,
      repository.model,
      repository.project,
      repository.change,
    ]) {
      declare(scopes.repositories, name, owner, model.source, `models.${model.name}`);
    }
  }

  return issues;
}
