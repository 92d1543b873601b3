import type { ModelIR, SpecIR } from '../../ir/spec-ir.js';
import { deidNames } from '../deid/deid-names.js';

/** Import specifier of a model's generated Safe Harbor module, from the repositories folder. */
export function deidModule(model: ModelIR): string {
  return `../${deidNames(model).file.replace(/\.ts$/, '.js')}`;
}

/** Names the constant of a model's Safe Harbor rules that the deid module exports. */
export function deidRulesName(model: ModelIR): string {
  return deidNames(model).rules;
}

/**
 * Tells whether a de-identified role may read a model, so that its repository needs the model's
 * Safe Harbor rules. Other repositories do not import the deid module.
 */
export function readByDeidentifiedRole(model: ModelIR, ir: SpecIR): boolean {
  return ir.roles.some(
    (role) =>
      role.deidentified &&
      [...role.grants, ...role.emergency].some(
        (grant) => grant.model === model.name && grant.actions.includes('read'),
      ),
  );
}

/**
 * Tells how a patient export reaches a model's records: by their patient (the subject model and
 * models with a patient link), by the patient's organization (the tenant model), or not at all.
 * Only FHIR-mapped models take part, because an export is a FHIR Bundle.
 */
export function exportLink(model: ModelIR, ir: SpecIR): 'patient' | 'organization' | undefined {
  const mapped = ir.fhir?.mappings.some((mapping) => mapping.model === model.name) ?? false;
  if (!mapped) {
    return undefined;
  }
  if (model.subject || model.patientField !== undefined) {
    return 'patient';
  }
  return model.tenant ? 'organization' : undefined;
}
