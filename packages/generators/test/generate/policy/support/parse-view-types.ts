import ts from 'typescript';

/** One property of a generated view interface, as the source declares it. */
export interface ParsedProperty {
  readonly name: string;
  readonly optional: boolean;
  /** True for a field of a de-identified role's view, which Safe Harbor may then remove. */
  readonly deidentified?: boolean;
}

/** The view types of a generated policy module, read from its source text. */
export interface ParsedViewTypes {
  /** Every interface of the module by name, with its properties. */
  readonly interfaces: ReadonlyMap<string, readonly ParsedProperty[]>;
  /** RoleViews: role, then model, to a view type name or `never`. */
  readonly roleViews: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** EmergencyViews, in the same shape. */
  readonly emergencyViews: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * Parses a generated `policy.ts` with the TypeScript parser, so that tests compare the runtime
 * decisions with the view types as they were printed, not with the data they were printed from.
 */
export function parseViewTypes(source: string): ParsedViewTypes {
  const file = ts.createSourceFile('policy.ts', source, ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, readonly ParsedProperty[]>();
  const maps = new Map<string, Map<string, Map<string, string>>>();

  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      const properties = parseSafeHarborView(statement);
      if (properties !== undefined) interfaces.set(statement.name.text, properties);
      continue;
    }
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const name = statement.name.text;
    if (name === 'RoleViews' || name === 'EmergencyViews') {
      maps.set(name, parseViewMap(statement));
      continue;
    }
    interfaces.set(name, statement.members.filter(ts.isPropertySignature).map(parseProperty));
  }

  return {
    interfaces,
    roleViews: maps.get('RoleViews') ?? new Map(),
    emergencyViews: maps.get('EmergencyViews') ?? new Map(),
  };
}

/**
 * Reads the view of a de-identified role, `SafeHarborView<D, 'a' | 'b', 'c'>`, as properties:
 * the second type argument lists the required fields, the third the optional ones.
 */
function parseSafeHarborView(alias: ts.TypeAliasDeclaration): ParsedProperty[] | undefined {
  const type = alias.type;
  if (!ts.isTypeReferenceNode(type) || type.typeName.getText() !== 'SafeHarborView') {
    return undefined;
  }
  const [, required, optional] = type.typeArguments ?? [];
  return [
    ...literalMembers(required).map((name) => ({ name, optional: false, deidentified: true })),
    ...literalMembers(optional).map((name) => ({ name, optional: true, deidentified: true })),
  ];
}

function literalMembers(type: ts.TypeNode | undefined): string[] {
  if (type === undefined) return [];
  const members = ts.isUnionTypeNode(type) ? [...type.types] : [type];
  return members.flatMap((member) =>
    ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? [member.literal.text] : [],
  );
}

function parseViewMap(map: ts.InterfaceDeclaration): Map<string, Map<string, string>> {
  const roles = new Map<string, Map<string, string>>();
  for (const member of map.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined) continue;
    if (!ts.isTypeLiteralNode(member.type)) continue;
    const models = new Map<string, string>();
    for (const entry of member.type.members) {
      if (!ts.isPropertySignature(entry) || entry.type === undefined) continue;
      models.set(propertyName(entry.name), entry.type.getText());
    }
    roles.set(propertyName(member.name), models);
  }
  return roles;
}

function parseProperty(property: ts.PropertySignature): ParsedProperty {
  return { name: propertyName(property.name), optional: property.questionToken !== undefined };
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteral(name.expression)) {
    return name.expression.text;
  }
  return name.getText();
}
