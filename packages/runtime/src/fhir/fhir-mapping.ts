import type { SpecFieldType } from '../rotation/field-value-type.js';

/**
 * A FHIR mapping as generated code hands it to the runtime: the data form of one `fhir.mappings`
 * entry of the spec, with every path parsed and checked against the R4 definitions.
 */

/** One step of a path in hspec's FHIRPath subset. */
export type FhirPathStep =
  | {
      readonly kind: 'member';
      readonly name: string;
      /** The element repeats in R4 (max `*`), so it is a JSON array. */
      readonly repeats: boolean;
    }
  | { readonly kind: 'first' }
  | { readonly kind: 'where'; readonly conditions: readonly FhirPathCondition[] };

/**
 * A condition inside `where()`: `path = 'literal'`, or `path.exists(<conditions>)` on a child
 * element. Building an element writes its conditions; reading keeps the items that meet them.
 */
export type FhirPathCondition =
  | { readonly kind: 'equals'; readonly path: readonly string[]; readonly value: string }
  | {
      readonly kind: 'exists';
      readonly path: readonly string[];
      readonly conditions: readonly FhirPathCondition[];
    };

/** The spec type of the model field that a mapping reads or writes. */
export type FhirFieldType = SpecFieldType;

export interface FhirFieldMapping {
  readonly field: string;
  /** The path as the spec writes it, for messages. */
  readonly path: string;
  /**
   * The parsed path. When it ends at the `code` of a Coding of a field with a code system, the
   * generator has added `where(system = '<system>')` on the Coding. The system is then written
   * beside the code, and only the coding of that system is read.
   */
  readonly steps: readonly FhirPathStep[];
  /** FHIR type of the element the path ends at: `string`, `date`, `dateTime`, `decimal`, ... */
  readonly elementType: string;
  readonly fieldType: FhirFieldType;
  readonly optional: boolean;
  /** Resource type of a `reference` field, whose element contains `<type>/<id>`. */
  readonly reference: string | undefined;
  /** Value map from model values to FHIR codes, one to one. */
  readonly values: Readonly<Record<string, string>> | undefined;
}

export interface FhirMapping {
  readonly model: string;
  /** R4 resource type, such as `Patient` or `Encounter`. */
  readonly resource: string;
  /** The model's primary key field, which is the resource's `id`. */
  readonly idField: string;
  /** Constant elements written on the way out and ignored on the way in. */
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly fields: readonly FhirFieldMapping[];
}
