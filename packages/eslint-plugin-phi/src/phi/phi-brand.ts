import ts from 'typescript';

import { normalizePath } from './generated-file.js';

/** The brand that a type carries: `Phi<T, K>` or `Sensitive<T>` from @hspec/runtime. */
export type PhiBrand = 'phi' | 'sensitive';

// The files of @hspec/runtime that declare each brand symbol, as source and as built output.
const brandFiles: Readonly<Record<PhiBrand, readonly string[]>> = {
  phi: ['runtime/src/phi/phi.ts', 'runtime/dist/phi/phi.d.ts'],
  sensitive: ['runtime/src/phi/sensitive.ts', 'runtime/dist/phi/sensitive.d.ts'],
};

// TypeScript names a property keyed by a unique symbol `__@<symbol name>@<symbol id>`.
const brandNamePrefixes: Readonly<Record<PhiBrand, string>> = {
  phi: '__@phiBrand@',
  sensitive: '__@sensitiveBrand@',
};

const brands: readonly PhiBrand[] = ['phi', 'sensitive'];

/**
 * Returns the brand that a property symbol is: the `phiBrand` or `sensitiveBrand` unique symbol
 * property of @hspec/runtime. It matches the runtime's declaring file, as source or built
 * `.d.ts`, or else the symbol's name, so that a copy of the brand types is recognized as well.
 */
export function brandOfProperty(property: ts.Symbol): PhiBrand | undefined {
  const name = property.escapedName as string;
  if (!name.startsWith('__@')) return undefined;

  for (const brand of brands) {
    if (name.startsWith(brandNamePrefixes[brand])) return brand;
  }
  for (const declaration of property.declarations ?? []) {
    const fileName = normalizePath(declaration.getSourceFile().fileName);
    const brand = brands.find((candidate) => {
      return brandFiles[candidate].some((suffix) => fileName.endsWith(suffix));
    });
    if (brand !== undefined) return brand;
  }
  return undefined;
}

/**
 * Returns the identifier kind of a brand property: the `K` of `Phi<T, K>`, several kinds joined
 * with "or", `phi` when `K` is not a literal, and `sensitive` for `Sensitive<T>`.
 */
export function kindOfBrand(
  property: ts.Symbol,
  brand: PhiBrand,
  checker: ts.TypeChecker,
): string {
  if (brand === 'sensitive') return 'sensitive';

  const type = checker.getTypeOfSymbol(property);
  const parts = type.isUnion() ? type.types : [type];
  const kinds = parts.filter((part) => part.isStringLiteral()).map((part) => part.value);
  return kinds.length === parts.length && kinds.length > 0 ? kinds.join(' or ') : 'phi';
}
