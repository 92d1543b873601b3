import type { Scope } from '../ir/spec-ir.js';
import type { ModelDraft } from './spec-draft.js';
import type { SpecIndex } from './spec-index.js';

/**
 * Explains why a model's row links cannot decide a scope, or returns undefined when they can.
 * `self` needs the subject model or a patient link. `organization` needs the tenant model, an
 * organization link, or a patient link to a subject model that has an organization link.
 */
export function undecidableScope(
  model: ModelDraft,
  scope: Scope,
  index: SpecIndex,
): string | undefined {
  if (scope === 'all') return undefined;
  const cannot = `scope ${scope} cannot be decided on model "${model.name}"`;

  if (scope === 'self') {
    if (model.subject || model.patient !== undefined) return undefined;
    return `${cannot}: it is not the subject model and has no "patient" link`;
  }

  if (model.tenant || model.organization !== undefined) return undefined;
  const subject = index.subject;
  const viaPatient = model.patient !== undefined && subject?.organization !== undefined;
  if (viaPatient) return undefined;

  const missing = 'has no "organization" link, and no "patient" link to a subject model with one';
  return `${cannot}: it is not the tenant model, ${missing}`;
}
