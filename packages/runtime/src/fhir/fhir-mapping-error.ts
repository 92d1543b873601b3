import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';

/** Stable code of the reason a record and a FHIR resource cannot be mapped to each other. */
export type FhirMappingErrorCode =
  /** The resource is not of the mapping's resource type. */
  | 'fhir.wrong-resource-type'
  /** A required field has no value: the record lacks it, or the resource lacks its element. */
  | 'fhir.missing-value'
  /** A value or code is not in the field's value map. */
  | 'fhir.unmapped-value'
  /** A value has the wrong JSON type or format for the field or element. */
  | 'fhir.invalid-value'
  /** A reference points to another resource type, or to a `urn:` that the Bundle lacks. */
  | 'fhir.unresolved-reference';

/** Details of a mapping failure: where it happened, never the value. */
export interface FhirMappingErrorDetails {
  readonly code: FhirMappingErrorCode;
  readonly resourceType: string;
  readonly resourceId: string | undefined;
  /** The mapping path as the spec writes it, or `resourceType` / `id`. */
  readonly path: string;
  /** The model field, or undefined when the problem is not one field's. */
  readonly field: string | undefined;
  /** Description of the problem and of a valid value, without the value itself. */
  readonly problem: string;
}

/**
 * Raised when a record cannot be written as a FHIR resource or a resource cannot be read into a
 * record. The message names the resource type and id, the path and the field, and never
 * contains the value at fault.
 */
export class FhirMappingError extends HspecRuntimeError {
  declare readonly code: FhirMappingErrorCode;
  readonly resourceType: string;
  readonly resourceId: string | undefined;
  readonly path: string;
  readonly field: string | undefined;

  constructor(details: FhirMappingErrorDetails) {
    const resource =
      details.resourceId === undefined
        ? `${details.resourceType} (no id)`
        : `${details.resourceType}/${details.resourceId}`;
    const field = details.field === undefined ? '' : ` (field "${details.field}")`;
    super(details.code, `${resource} ${details.path}${field}: ${details.problem}`);
    this.resourceType = details.resourceType;
    this.resourceId = details.resourceId;
    this.path = details.path;
    this.field = details.field;
  }
}
