import type { CompiledPolicy } from '@hspec/runtime';

import { compilePolicy } from '../../ir/compile-policy.js';
import type { SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { CodeWriter } from '../code-writer.js';
import { docComment } from '../doc-comment.js';
import { runtimeModule } from '../field-types.js';
import type { GeneratedFile } from '../generated-file.js';
import { ImportList } from '../import-list.js';
import { writeDocComment, writeFunction } from '../model-context.js';
import { printTypeMember, quoteString } from '../typescript-syntax.js';
import { printPolicyLiteral } from './policy-literal.js';
import { emergencyViewTypeName, viewTypeName } from './role-type-name.js';
import { roleViewFields, type ViewField } from './role-view-fields.js';
import { birthYearFields } from './birth-year-fields.js';
import {
  printSafeHarborViewType,
  printViewInterface,
  printViewMap,
  type DeclaredView,
  type RoleModelView,
} from './view-types.js';

/** Path of the policy module in the output folder. */
export const policyFilePath = 'policy.ts';

/** Names that the policy module declares besides the view types. */
const fixedNames = [
  'Role',
  'DeidentifiedRole',
  'SafeHarborView',
  'PurposeOfUse',
  'ModelName',
  'policy',
  'authorize',
  'RoleViews',
  'EmergencyViews',
];

/**
 * Generates `policy.ts`: the Role, PurposeOfUse and ModelName unions, the compiled policy as a
 * constant, an `authorize` function that decides requests against it, and the view types of
 * each role and model with the RoleViews and EmergencyViews maps. Roles and models are in
 * code-unit order, as in the compiled policy.
 *
 * The policy constant and the view types grow with roles times models, so they are printed as
 * whole lines, joined once, rather than written call by call.
 */
export function generatePolicyFile(ir: SpecIR): GeneratedFile {
  const policy = compilePolicy(ir);
  const rolesByName = new Map(ir.roles.map((role) => [role.name, role]));
  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const roles = Object.keys(policy.roles).flatMap((name) => rolesByName.get(name) ?? []);
  const models = Object.keys(policy.models).flatMap((name) => modelsByName.get(name) ?? []);
  const views = roles.flatMap((role) =>
    models.map((model): RoleModelView => {
      const fields = roleViewFields(policy, role.name, model.name);
      return {
        role,
        model,
        birthYearFields: birthYearFields(model, ir),
        normal: declare(viewTypeName(role.name, model.name), fields.normal),
        emergency: declare(emergencyViewTypeName(role.name, model.name), fields.emergency),
      };
    }),
  );
  const viewNames = checkViewTypeNames(views);
  const imports = new ImportList([...fixedNames, ...viewNames]);

  // The body is printed first because it decides what the module imports.
  const sections: string[][] = [
    printUnion('Role', 'A role of the spec.', roles.map((role) => role.name)),
    printUnion(
      'DeidentifiedRole',
      'A role of the spec that reads Safe Harbor output only (45 CFR 164.514(b)(2)).',
      roles.filter((role) => role.deidentified).map((role) => role.name),
    ),
    printUnion(
      'PurposeOfUse',
      'An HL7 v3 PurposeOfUse code that a request may name; BTG is break-glass.',
      policy.purposes,
    ),
    printUnion('ModelName', 'A model of the spec.', models.map((model) => model.name)),
    printPolicyConstant(policy, imports),
    printAuthorize(imports),
    views.some((view) => view.role.deidentified && (view.normal ?? view.emergency) !== undefined)
      ? printSafeHarborViewType()
      : [],
    ...views.flatMap((view) => [
      printViewInterface(imports, view, 'normal'),
      printViewInterface(imports, view, 'emergency'),
    ]),
    printViewMap(
      'RoleViews',
      'The view type of each role and model, for typing a read as `RoleViews[R][M]`. A model ' +
        'that the role cannot read without break-glass maps to never.',
      roles,
      views,
      'normal',
    ),
    printViewMap(
      'EmergencyViews',
      'The view type of each role and model under break-glass. A model that no emergency grant ' +
        'of the role lets it read maps to never.',
      roles,
      views,
      'emergency',
    ),
  ];

  const specFiles = [
    ...ir.models.map((model) => model.source.file),
    ...ir.roles.map((role) => role.source.file),
    ...(ir.audit === undefined ? [] : [ir.audit.source.file]),
  ];
  const head = [...generatedBanner(specFiles, '//'), '', ...imports.print()];
  const body = sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n'));
  return { path: policyFilePath, contents: `${[head.join('\n'), ...body].join('\n\n')}\n` };
}

function declare(
  typeName: string,
  fields: readonly ViewField[] | undefined,
): DeclaredView | undefined {
  return fields === undefined ? undefined : { typeName, fields };
}

/**
 * Returns the names of the declared view types, and throws when two of them would be the same.
 * Roles such as `front_desk` and `frontDesk` share the prefix `FrontDesk`, and role `a` with
 * model `BPatient` gives the name that role `aB` with model `Patient` gives.
 */
function checkViewTypeNames(views: readonly RoleModelView[]): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];

  for (const view of views) {
    for (const kind of ['normal', 'emergency'] as const) {
      const declared = view[kind];
      if (declared === undefined) {
        continue;
      }
      const owner = `role ${view.role.name} on model ${view.model.name}`;
      const first = owners.get(declared.typeName);
      if (first !== undefined) {
        problems.push(`${owner} and ${first} would both declare ${declared.typeName}`);
        continue;
      }
      owners.set(declared.typeName, owner);
    }
  }

  if (problems.length > 0) {
    throw new Error(`cannot generate the policy module: ${problems.join('; ')}; rename a role`);
  }
  return [...owners.keys()];
}

function printUnion(name: string, summary: string, members: readonly string[]): string[] {
  const literals = members.length === 0 ? ['never'] : members.map(quoteString);
  return [...docComment(summary, 0), ...printTypeMember(`export type ${name} =`, literals, 0)];
}

function printPolicyConstant(policy: CompiledPolicy, imports: ImportList): string[] {
  const compiledPolicy = imports.type(runtimeModule, 'CompiledPolicy');
  const doc = docComment(
    'The access policy of the spec as data: each role with its grants by model and action, ' +
      'the purpose-of-use codes that requests may name, and the fields of each model.',
    0,
  );
  const tail = ` as const satisfies ${compiledPolicy};`;
  return [...doc, ...printPolicyLiteral(policy, 'export const policy = ', tail)];
}

function printAuthorize(imports: ImportList): string[] {
  const decide = imports.value(runtimeModule, 'decide');
  const parameters = [
    `request: ${imports.type(runtimeModule, 'AccessRequest')}`,
    `action: ${imports.type(runtimeModule, 'Action')}`,
    'model: ModelName',
    `record?: ${imports.type(runtimeModule, 'RecordLinks')}`,
  ];
  const decision = imports.type(runtimeModule, 'Decision');

  const writer = new CodeWriter({ indentNumberOfSpaces: 2 });
  writeDocComment(
    writer,
    'Decides a request against this policy: whether it may perform the action on the model ' +
      'and which fields it may read or write. Pass the record links to check a scope; leave ' +
      'them out for a query, and limit its rows to the scopes of the decision.',
  );
  writeFunction(writer, 'export function authorize', parameters, decision, () => {
    writer.writeLine(`return ${decide}(policy, request, action, model, record);`);
  });
  return writer.toString().trimEnd().split('\n');
}
