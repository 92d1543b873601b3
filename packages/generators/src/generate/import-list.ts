import { compareCodeUnits } from './compare-code-units.js';
import { maxLineWidth } from './typescript-syntax.js';

interface ImportedName {
  readonly name: string;
  readonly local: string;
  typeOnly: boolean;
}

/**
 * Collects the imports of one generated module while its code is built, so that the module
 * imports exactly what it uses. A model may be named like an imported name (`Envelope`,
 * `ModelTable`), so such an import gets an alias (`Envelope as HspecEnvelope`) instead of
 * clashing with the model's own declaration.
 */
export class ImportList {
  private readonly modules = new Map<string, Map<string, ImportedName>>();
  private readonly taken: Set<string>;

  /** `declaredNames` are the names that the module itself declares at top level. */
  constructor(declaredNames: Iterable<string>) {
    this.taken = new Set(declaredNames);
  }

  /** Imports a name used only in types and returns the local name to write. */
  type(specifier: string, name: string): string {
    return this.add(specifier, name, true);
  }

  /** Imports a name used as a value and returns the local name to write. */
  value(specifier: string, name: string): string {
    return this.add(specifier, name, false);
  }

  /**
   * Prints the import declarations: `@hspec/runtime` first, then relative modules, each sorted,
   * with a module's value import before its `import type`.
   */
  print(): string[] {
    const specifiers = [...this.modules.keys()].sort(compareSpecifiers);
    const lines: string[] = [];
    for (const specifier of specifiers) {
      const names = [...(this.modules.get(specifier)?.values() ?? [])];
      names.sort((left, right) => compareCodeUnits(left.name, right.name));
      const values = names.filter((name) => !name.typeOnly);
      const types = names.filter((name) => name.typeOnly);
      lines.push(...printDeclaration('import', values, specifier));
      lines.push(...printDeclaration('import type', types, specifier));
    }
    return lines;
  }

  private add(specifier: string, name: string, typeOnly: boolean): string {
    let names = this.modules.get(specifier);
    if (names === undefined) {
      names = new Map();
      this.modules.set(specifier, names);
    }

    const existing = names.get(name);
    if (existing !== undefined) {
      existing.typeOnly &&= typeOnly;
      return existing.local;
    }

    const local = this.freeName(name);
    this.taken.add(local);
    names.set(name, { name, local, typeOnly });
    return local;
  }

  private freeName(name: string): string {
    if (!this.taken.has(name)) {
      return name;
    }
    let candidate = `Hspec${name}`;
    for (let suffix = 2; this.taken.has(candidate); suffix += 1) {
      candidate = `Hspec${name}${suffix}`;
    }
    return candidate;
  }
}

/** Orders package imports before relative imports, each group by specifier. */
function compareSpecifiers(left: string, right: string): number {
  const leftIsRelative = Number(left.startsWith('.'));
  const rightIsRelative = Number(right.startsWith('.'));
  return leftIsRelative - rightIsRelative || compareCodeUnits(left, right);
}

function printDeclaration(
  keyword: 'import' | 'import type',
  names: readonly ImportedName[],
  specifier: string,
): string[] {
  if (names.length === 0) {
    return [];
  }

  const parts = names.map((name) =>
    name.local === name.name ? name.name : `${name.name} as ${name.local}`,
  );
  const oneLine = `${keyword} { ${parts.join(', ')} } from '${specifier}';`;
  if (oneLine.length <= maxLineWidth) {
    return [oneLine];
  }
  return [`${keyword} {`, ...parts.map((part) => `  ${part},`), `} from '${specifier}';`];
}
