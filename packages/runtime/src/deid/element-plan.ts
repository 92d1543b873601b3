import { elementsOf, isResourceType } from '../fhir/r4-elements.js';
import type { PhiKind } from '../phi/phi-kind.js';
import type { DeidElementKind } from './deid-summary.js';
import { isDefinitionUri } from './definition-uris.js';

/**
 * The action of the default rules on one element, chosen before its value is read:
 * - `removed`: removed whatever it contains, counted under `removedKind`;
 * - `primitive-keep`, `primitive-year`, `primitive-remove`: a primitive that stays, keeps its
 *   year, or is removed (a value that is not a JSON primitive is removed in all three). A kept
 *   text that contains a contact detail is removed too;
 * - `birth-date`: the birth-year rule;
 * - `full-url`, `request-url`, `response-location`: the URLs of a Bundle entry;
 * - `media-content`: an attachment whose kind depends on the Media's type;
 * - `resource`: an inline resource (`contained`, `Bundle.entry.resource`);
 * - `contact-point`, `identifier`: removed, counted by a kind read from the value;
 * - `address`, `reference`, `meta`, `attachment`, `extension`, `quantity`: a data type with its
 *   own rule;
 * - `object`: any other complex type, walked element by element.
 */
export type ElementHandling =
  | 'removed'
  | 'primitive-keep'
  | 'primitive-year'
  | 'primitive-remove'
  | 'birth-date'
  | 'full-url'
  | 'request-url'
  | 'response-location'
  | 'media-content'
  | 'resource'
  | 'contact-point'
  | 'identifier'
  | 'address'
  | 'reference'
  | 'meta'
  | 'attachment'
  | 'extension'
  | 'quantity'
  | 'object';

/** The default rule of one element of an R4 type, worked out once per type and element name. */
export interface ElementPlan {
  readonly name: string;
  /** FHIR type of the element, as the R4 element table gives it. */
  readonly type: string;
  readonly handling: ElementHandling;
  /** The kind a removal counts under, for `removed` and `primitive-remove`. */
  readonly removedKind: DeidElementKind;
}

// Elements removed whole, whatever they hold, with the kind they count under.
const removedElements: Readonly<Record<string, DeidElementKind>> = {
  'Bundle.link': 'url',
  'Device.udiCarrier': 'device_id',
  'Location.position': 'geographic',
  'Patient.photo': 'photo',
  'Person.photo': 'photo',
  'Practitioner.photo': 'photo',
  'RelatedPerson.photo': 'photo',
};

// Elements that the default rules remove anyway, counted under a more precise kind.
const elementKinds: Readonly<Record<string, PhiKind>> = {
  'AuditEvent.agent.network.address': 'ip_address',
  'Coverage.subscriberId': 'health_plan_number',
  'Device.distinctIdentifier': 'device_id',
  'Device.lotNumber': 'device_id',
  'Device.serialNumber': 'device_id',
  'Location.alias': 'geographic',
  'Location.name': 'geographic',
  'Reference.display': 'name',
};

// Birth dates keep their year only below 90 years of age.
const birthDates = new Set([
  'Patient.birthDate',
  'Person.birthDate',
  'Practitioner.birthDate',
  'RelatedPerson.birthDate',
]);

// Strings that are codes or labels rather than free text, so they stay. Required R4 strings
// that name no one (a Bundle response status, a questionnaire item's linkId) stay too, so that
// the output remains valid.
const keptStrings = new Set([
  'Bundle.entry.response.status',
  'Coding.display',
  'Coding.version',
  'Questionnaire.item.linkId',
  'QuestionnaireResponse.item.linkId',
  'QuestionnaireResponse.item.answer.item.linkId',
]);

// The R4 quantity types, whose `unit` stays and whose ages over 89 are capped.
const quantityTypes: ReadonlySet<string> = new Set([
  'Age',
  'Count',
  'Distance',
  'Duration',
  'Quantity',
  'SimpleQuantity',
  'MoneyQuantity',
]);

const keptPrimitives = new Set([
  'boolean',
  'canonical',
  'code',
  'decimal',
  'integer',
  'integer64',
  'positiveInt',
  'unsignedInt',
]);

// Data types with a rule of their own, by the handling that applies it.
const dataTypeHandlings: Readonly<Record<string, ElementHandling>> = {
  ContactPoint: 'contact-point',
  Identifier: 'identifier',
  Address: 'address',
  Reference: 'reference',
  Meta: 'meta',
  Attachment: 'attachment',
  Extension: 'extension',
};

// Data types removed whole, with the kind they count under.
const removedTypes: Readonly<Record<string, DeidElementKind>> = {
  HumanName: 'name',
  Annotation: 'free_text',
  Narrative: 'free_text',
  Signature: 'other_id',
};

// Plans by owner type, then by element name. Owners are R4 types, so the cache is bounded by the
// element table, and names that the table lacks are never added.
const plansByOwner = new Map<string, ReadonlyMap<string, ElementPlan>>();

/**
 * Returns the plans of every element of an R4 type, by element name; a primitive or unknown
 * type has none.
 */
export function elementPlansOf(owner: string): ReadonlyMap<string, ElementPlan> {
  const cached = plansByOwner.get(owner);
  if (cached !== undefined) return cached;

  const plans = new Map<string, ElementPlan>();
  for (const element of elementsOf(owner) ?? []) {
    // The first definition of a name wins, as elementOf finds it.
    if (plans.has(element.name)) continue;
    plans.set(element.name, planOf(owner, element.name, element.type));
  }
  plansByOwner.set(owner, plans);
  return plans;
}

function planOf(owner: string, name: string, type: string): ElementPlan {
  const path = `${owner}.${name}`;
  const plan = (handling: ElementHandling, removedKind: DeidElementKind = 'other_id') => ({
    name,
    type,
    handling,
    removedKind,
  });

  const removedKind = removedElements[path];
  if (removedKind !== undefined) return plan('removed', removedKind);
  if (birthDates.has(path)) return plan('birth-date');
  switch (path) {
    case 'Bundle.entry.fullUrl':
      return plan('full-url');
    case 'Bundle.entry.request.url':
      return plan('request-url');
    case 'Bundle.entry.response.location':
      return plan('response-location');
    case 'Media.content':
      return plan('media-content');
  }

  if (type === 'Resource' || isResourceType(type)) return plan('resource');
  if (/^[a-z]/.test(type)) return primitivePlan(owner, name, type, plan);
  return dataTypePlan(type, elementKinds[path], plan);
}

function primitivePlan(
  owner: string,
  name: string,
  type: string,
  plan: (handling: ElementHandling, removedKind?: DeidElementKind) => ElementPlan,
): ElementPlan {
  const path = `${owner}.${name}`;
  if (name === 'id') return plan('primitive-remove', 'id');
  switch (type) {
    case 'string':
    case 'markdown':
      if (keptStrings.has(path) || (name === 'unit' && quantityTypes.has(owner))) {
        return plan('primitive-keep');
      }
      return plan('primitive-remove', elementKinds[path] ?? 'free_text');
    case 'date':
    case 'dateTime':
      return plan('primitive-year');
    case 'instant':
    case 'time':
      return plan('primitive-remove', 'date');
    case 'url':
      return plan('primitive-remove', 'url');
    case 'uri':
      if (isDefinitionUri(owner, name)) return plan('primitive-keep');
      return plan('primitive-remove', 'url');
    case 'base64Binary':
    case 'xhtml':
      return plan('primitive-remove', elementKinds[path] ?? 'free_text');
  }
  if (keptPrimitives.has(type)) return plan('primitive-keep');
  return plan('primitive-remove', elementKinds[path] ?? 'other_id');
}

function dataTypePlan(
  type: string,
  kind: PhiKind | undefined,
  plan: (handling: ElementHandling, removedKind?: DeidElementKind) => ElementPlan,
): ElementPlan {
  const removedKind = Object.hasOwn(removedTypes, type) ? removedTypes[type] : undefined;
  if (removedKind !== undefined) return plan('removed', removedKind);
  const handling = Object.hasOwn(dataTypeHandlings, type) ? dataTypeHandlings[type] : undefined;
  if (handling !== undefined) return plan(handling);

  if (quantityTypes.has(type)) return plan('quantity');
  if (elementsOf(type) === undefined) return plan('removed', kind ?? 'other_id');
  return plan('object');
}
