import ts from 'typescript';

/** Tells whether a type instantiates a generic class or interface, such as `Map<K, V>`. */
export function isTypeReference(type: ts.Type): type is ts.TypeReference {
  return (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  );
}
