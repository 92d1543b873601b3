import { emergencyViewTypeName, viewTypeName } from '../generate/policy/role-type-name.js';
import type { SpecPath } from '../loader/spec-path.js';
import type { IssueReporter } from './issue-reporter.js';
import type { SpecDraft } from './spec-draft.js';

/**
 * Names that would reach or shadow an object's prototype where roles and views become object keys.
 * Fields may use `constructor` and `prototype`: generated code reads them as own properties. Models
 * and views may be named like globals (`Date`, `Record`): generated modules never name a global.
 */
export const reservedNames: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/** One declaration that generated code makes, and who asked for it. */
interface Declaration {
  readonly owner: string;
  readonly path: SpecPath;
}

/**
 * Checks names that generated code turns into identifiers: reserved words, hidden globals, and
 * TypeScript names that two spec elements would both declare. A model `X` declares `X`, `XInput`
 * and `XRow`, and a view `V` declares `V`.
 */
export function checkNames(draft: SpecDraft, reporter: IssueReporter): void {
  checkReserved(draft, reporter);
  checkTypeNames(draft, reporter);
  checkModelNameCase(draft, reporter);
}

function checkReserved(draft: SpecDraft, reporter: IssueReporter): void {
  const named: { readonly kind: string; readonly name: string; readonly path: SpecPath }[] = [];
  for (const model of draft.models) {
    named.push({ kind: 'model', name: model.name, path: model.path });
    for (const field of model.fields) {
      named.push({ kind: 'field', name: field.name, path: field.path });
    }
  }
  for (const view of draft.views) named.push({ kind: 'view', name: view.name, path: view.path });
  for (const role of draft.roles) named.push({ kind: 'role', name: role.name, path: role.path });

  for (const { kind, name, path } of named) {
    const reserved = kind === 'field' ? name === '__proto__' : reservedNames.has(name);
    if (!reserved) continue;
    const message = `"${name}" cannot be a ${kind} name; __proto__, constructor and prototype have a special meaning on JavaScript objects`;
    reporter.report('spec.reserved-name', message, path, 'key');
  }
}

function checkTypeNames(draft: SpecDraft, reporter: IssueReporter): void {
  const declared = new Map<string, Declaration>();
  const reported = new Set<string>();

  const declare = (typeName: string, owner: string, path: SpecPath): void => {
    const first = declared.get(typeName);
    if (first === undefined) {
      declared.set(typeName, { owner, path });
      return;
    }
    // One clash between two spec elements is one issue, however many of their names collide.
    const pair = `${JSON.stringify(path)} ${JSON.stringify(first.path)}`;
    if (reported.has(pair)) return;
    reported.add(pair);
    const message = `type name "${typeName}" of ${owner} is already declared by ${first.owner}; rename one of them`;
    reporter.report('spec.name-collision', message, path, 'key', { path: first.path, mode: 'key' });
  };

  for (const model of draft.models) {
    const owner = `model "${model.name}"`;
    declare(model.name, owner, model.path);
    declare(`${model.name}Input`, `${owner} (its input type)`, model.path);
    declare(`${model.name}Row`, `${owner} (its row type)`, model.path);
  }
  for (const view of draft.views) declare(view.name, `view "${view.name}"`, view.path);

  // Every role may get a view type per model in the generated policy module.
  for (const role of draft.roles) {
    for (const model of draft.models) {
      const owner = `role "${role.name}" (its view of ${model.name})`;
      declare(viewTypeName(role.name, model.name), owner, role.path);
      declare(emergencyViewTypeName(role.name, model.name), owner, role.path);
    }
  }
}

/** File, constant and table names come from the model name without case, so these must differ. */
function checkModelNameCase(draft: SpecDraft, reporter: IssueReporter): void {
  const seen = new Map<string, { readonly name: string; readonly path: SpecPath }>();

  for (const model of draft.models) {
    const folded = model.name.toLowerCase().replace(/_/g, '');
    const first = seen.get(folded);
    if (first === undefined) {
      seen.set(folded, model);
      continue;
    }
    const message = `model "${model.name}" differs from model "${first.name}" only in case or underscores, so their generated file names would be the same`;
    const related = { path: first.path, mode: 'key' } as const;
    reporter.report('spec.name-collision', message, model.path, 'key', related);
  }
}
