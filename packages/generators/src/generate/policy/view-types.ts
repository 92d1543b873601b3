import type { ModelIR, RoleIR } from '../../ir/spec-ir.js';
import { docComment, sentence } from '../doc-comment.js';
import type { ImportList } from '../import-list.js';
import { deidNames } from '../deid/deid-names.js';
import { modelNames } from '../model-names.js';
import {
  maxLineWidth,
  printTypeMember,
  propertyKey,
  quoteString,
  unionType,
} from '../typescript-syntax.js';
import type { ViewField } from './role-view-fields.js';

/** A view type that the policy module declares. */
export interface DeclaredView {
  readonly typeName: string;
  readonly fields: readonly ViewField[];
}

/** The view types of one role and model; undefined where the role cannot read the model. */
export interface RoleModelView {
  readonly role: RoleIR;
  readonly model: ModelIR;
  /** The fields that Safe Harbor turns into a birth year with `ageOver89` beside it. */
  readonly birthYearFields: ReadonlySet<string>;
  readonly normal: DeclaredView | undefined;
  readonly emergency: DeclaredView | undefined;
}

/**
 * Prints the interface of one view type: each field of the view, typed as the model's record
 * type has it, and optional when some reads of the view lack it. Returns no lines when the role
 * cannot read the model.
 */
export function printViewInterface(
  imports: ImportList,
  view: RoleModelView,
  kind: 'normal' | 'emergency',
): string[] {
  const declared = view[kind];
  if (declared === undefined) {
    return [];
  }
  if (view.role.deidentified) {
    return printSafeHarborView(imports, view, declared, kind);
  }

  const record = imports.type(modelNames(view.model).specifier, view.model.name);
  const when = kind === 'normal' ? '' : ' under break-glass (purpose BTG with a reason)';
  let summary = `The ${view.model.name} fields that role ${view.role.name} can read${when}.`;
  if (declared.fields.some((field) => !field.required)) {
    summary += ' An optional field is missing from the reads whose purpose or scope omit it.';
  }

  const members = declared.fields.flatMap((field) => {
    const marker = field.required ? '' : '?';
    const head = `readonly ${propertyKey(field.name)}${marker}:`;
    return printTypeMember(head, [`${record}[${quoteString(field.name)}]`], 2);
  });
  return [
    ...docComment(summary, 0),
    `export interface ${declared.typeName} {`,
    ...members.map((line) => `  ${line}`),
    '}',
  ];
}

/** Name of the generic type that projects granted fields onto a de-identified record type. */
export const safeHarborViewName = 'SafeHarborView';

/**
 * Prints the generic type that the view types of de-identified roles use: the granted fields of
 * a de-identified record type that Safe Harbor keeps. A field that it removes is absent from the
 * record type, so `Extract` drops it from the view.
 */
export function printSafeHarborViewType(): string[] {
  return [
    ...docComment(
      'The fields F of a de-identified record type D that Safe Harbor keeps (45 CFR ' +
        '164.514(b)(2)), with the fields O optional. A removed field is absent from D, so it is ' +
        'absent from the view.',
      0,
    ),
    `export type ${safeHarborViewName}<D, F extends string, O extends string = never> = {`,
    '  readonly [K in Extract<F, keyof D>]: D[K];',
    '} & { readonly [K in Extract<O, keyof D>]?: D[K] };',
  ];
}

/**
 * Prints the view type of a de-identified role: its granted fields, and `ageOver89` beside a
 * granted birth date, projected onto the model's de-identified record type.
 */
function printSafeHarborView(
  imports: ImportList,
  view: RoleModelView,
  declared: DeclaredView,
  kind: 'normal' | 'emergency',
): string[] {
  const names = deidNames(view.model);
  const record = imports.type(`./${names.file.replace(/\.ts$/, '.js')}`, names.deidentified);
  const required: string[] = [];
  const optional: string[] = [];
  for (const field of declared.fields) {
    const list = field.required ? required : optional;
    list.push(quoteString(field.name));
    if (view.birthYearFields.has(field.name)) {
      list.push(quoteString('ageOver89'));
    }
  }

  const when = kind === 'normal' ? '' : ' under break-glass (purpose BTG with a reason)';
  let summary =
    `The ${view.model.name} fields that de-identified role ${view.role.name} can read${when}, ` +
    'as their Safe Harbor projection.';
  if (optional.length > 0) {
    summary += ' An optional field is missing from the reads whose purpose or scope omit it.';
  }
  if (required.length === 0) {
    required.push('never');
  }
  const typeArguments = [record, unionType(required)];
  if (optional.length > 0) {
    typeArguments.push(unionType(optional));
  }
  const head = `export type ${declared.typeName} = ${safeHarborViewName}<`;
  const oneLine = `${head}${typeArguments.join(', ')}>;`;
  if (oneLine.length <= maxLineWidth) {
    return [...docComment(summary, 0), oneLine];
  }

  // A type argument list takes no trailing comma.
  const unions = optional.length > 0 ? [required, optional] : [required];
  const lines = [...docComment(summary, 0), head, `  ${record},`];
  unions.forEach((members, index) => {
    const comma = index < unions.length - 1 ? ',' : '';
    const flat = `  ${unionType(members)}${comma}`;
    if (flat.length <= maxLineWidth) {
      lines.push(flat);
      return;
    }
    lines.push(...members.map((member) => `  | ${member}`));
    lines[lines.length - 1] += comma;
  });
  lines.push('>;');
  return lines;
}

/**
 * Prints an interface that maps each role and model to a view type, so that code generic over
 * both can type a result as `RoleViews[R][M]`. A model that the role cannot read maps to `never`.
 */
export function printViewMap(
  name: string,
  summary: string,
  roles: readonly RoleIR[],
  views: readonly RoleModelView[],
  kind: 'normal' | 'emergency',
): string[] {
  const doc = docComment(summary, 0);
  if (roles.length === 0) {
    return [...doc, `export interface ${name} {}`];
  }

  const lines = [...doc, `export interface ${name} {`];
  for (const role of roles) {
    lines.push(...roleDoc(role).map((line) => `  ${line}`));
    const key = `readonly ${propertyKey(role.name)}:`;
    const ofRole = views.filter((view) => view.role === role);
    if (ofRole.length === 0) {
      lines.push(`  ${key} {};`);
      continue;
    }
    lines.push(`  ${key} {`);
    for (const view of ofRole) {
      const type = view[kind]?.typeName ?? 'never';
      const member = printTypeMember(`readonly ${propertyKey(view.model.name)}:`, [type], 4);
      lines.push(...member.map((line) => `    ${line}`));
    }
    lines.push('  };');
  }
  lines.push('}');
  return lines;
}

function roleDoc(role: RoleIR): string[] {
  const parts: string[] = [];
  if (role.description !== undefined) {
    parts.push(sentence(role.description));
  }
  if (role.deidentified) {
    parts.push(
      'A de-identified role: each of its views is the Safe Harbor projection of the fields ' +
        'that its grants name.',
    );
  }
  return parts.length === 0 ? [] : docComment(parts.join(' '), 2);
}
