import type { ModelIR, RoleIR } from '../../ir/spec-ir.js';
import { docComment, sentence } from '../doc-comment.js';
import type { ImportList } from '../import-list.js';
import { modelNames } from '../model-names.js';
import { printTypeMember, propertyKey, quoteString } from '../typescript-syntax.js';
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
      'De-identified output does not exist yet, so this de-identified role reads nothing and ' +
        'every model maps to never.',
    );
  }
  return parts.length === 0 ? [] : docComment(parts.join(' '), 2);
}
