import { decimalText, setDecimalText } from '../fhir/decimal-text.js';
import { isResourceType } from '../fhir/r4-elements.js';
import type { PhiKind } from '../phi/phi-kind.js';
import { contactDetailKindOf } from './contact-details.js';
import type { DeidElementKind, DeidTally } from './deid-summary.js';
import { elementPlansOf, type ElementPlan } from './element-plan.js';
import {
  codingsOf,
  contactPointKindOf,
  identifierKindOf,
  isRecord,
} from './identifier-kinds.js';
import { pseudonymizeFullUrl, pseudonymizeReference } from './pseudonymize-reference.js';
import { pseudonymizeRequestUrl } from './pseudonymize-request-url.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import type { SafeHarbor } from './safe-harbor.js';

/** The resource whose elements are being walked, for rules that depend on it. */
export interface WalkScope {
  readonly type: string;
  readonly resource: Record<string, unknown>;
}

/** Called with each walked resource and its de-identified copy, to apply the spec's overrides. */
export type ResourceHook = (
  original: Record<string, unknown>,
  output: Record<string, unknown>,
) => void;

const geolocationUrl = 'http://hl7.org/fhir/StructureDefinition/geolocation';
const birthTimeUrl = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
const ucumSystem = 'http://unitsofmeasure.org';

const addressKeptKeys = new Set(['use', 'type', 'state', 'country']);
const attachmentKeptKeys = new Set(['contentType', 'language', 'size']);

// Extensions whose value names a person, counted as `name` rather than free text.
const extensionKinds: Readonly<Record<string, PhiKind>> = {
  'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName': 'name',
};

/**
 * The default, type-driven Safe Harbor rules: walks a resource by the R4 element definitions and
 * builds a de-identified copy. docs/deidentification.md lists each rule and its reason.
 */
export class FhirElementWalker {
  readonly #harbor: SafeHarbor;
  readonly #tally: DeidTally;
  readonly #hook: ResourceHook | undefined;

  constructor(harbor: SafeHarbor, tally: DeidTally, hook?: ResourceHook) {
    this.#harbor = harbor;
    this.#tally = tally;
    this.#hook = hook;
  }

  /**
   * Returns the de-identified copy of a resource with a known R4 type. A contained resource
   * keeps its local id and does not count in the summary.
   */
  resource(resource: Record<string, unknown>, contained = false): Record<string, unknown> {
    const type = resource['resourceType'] as string;
    const scope: WalkScope = { type, resource };
    const output: Record<string, unknown> = { resourceType: type };
    const plans = elementPlansOf(type);
    let hasPrimitiveExtensions = false;

    for (const key of Object.keys(resource)) {
      if (key === 'resourceType') continue;
      if (isExtensionKey(key)) {
        hasPrimitiveExtensions = true;
        continue;
      }
      if (key === 'id') {
        const id = this.#resourceId(type, resource[key], contained);
        if (id !== undefined) output['id'] = id;
        continue;
      }
      this.#copyMember(plans, key, resource, output, scope);
    }
    if (hasPrimitiveExtensions) this.#copyPrimitiveExtensions(plans, resource, output, scope);

    if (!contained) this.#tally.resource(type);
    this.#hook?.(resource, output);
    return output;
  }

  /**
   * Returns the de-identified value of one element of a type (an element of a Bundle, say), or
   * undefined when the rules remove it.
   */
  element(owner: string, name: string, value: unknown, scope: WalkScope): unknown {
    return this.#element(elementPlansOf(owner), name, value, scope);
  }

  #element(
    plans: ReadonlyMap<string, ElementPlan>,
    name: string,
    value: unknown,
    scope: WalkScope,
  ): unknown {
    const plan = plans.get(name);
    if (plan === undefined) {
      this.#count('other_id');
      return undefined;
    }
    return this.#member(plan, value, scope);
  }

  #resourceId(type: string, value: unknown, contained: boolean): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (contained) return this.#keptText(value);

    this.#count('id');
    return this.#harbor.pseudonyms.code(type, value);
  }

  /**
   * Walks `source[key]` as an element of the plans' type and writes the result to `target[key]`.
   * Returns whether anything was written.
   */
  #copyMember(
    plans: ReadonlyMap<string, ElementPlan>,
    key: string,
    source: Record<string, unknown>,
    target: Record<string, unknown>,
    scope: WalkScope,
  ): boolean {
    const original = source[key];
    const value = this.#element(plans, key, original, scope);
    if (value === undefined) return false;

    target[key] = value;
    if (typeof original === 'number') copyDecimalText(source, key, target, key);
    return true;
  }

  /**
   * Keeps `_name` (the id and extensions of a primitive) only beside a primitive that stays,
   * walking its extensions like any other.
   */
  #copyPrimitiveExtensions(
    plans: ReadonlyMap<string, ElementPlan>,
    source: Record<string, unknown>,
    target: Record<string, unknown>,
    scope: WalkScope,
  ): void {
    for (const key of Object.keys(source)) {
      if (!isExtensionKey(key)) continue;
      const name = key.slice(1);
      if (!Object.hasOwn(target, name) || !plans.has(name)) continue;

      const value = source[key];
      const walked = Array.isArray(value)
        ? value.map((item) => (item === null ? null : (this.#object('Element', item, scope) ?? null)))
        : this.#object('Element', value, scope);
      if (walked === undefined) continue;
      if (Array.isArray(walked) && walked.every((item) => item === null)) continue;
      target[key] = walked;
    }
  }

  #member(plan: ElementPlan, value: unknown, scope: WalkScope): unknown {
    if (!Array.isArray(value)) return this.#item(plan, value, scope);

    const items: unknown[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const walked = this.#item(plan, item, scope);
      if (walked === undefined) continue;
      items.push(walked);
      if (typeof item === 'number') copyDecimalText(value, index, items, items.length - 1);
    }
    return items.length === 0 ? undefined : items;
  }

  #item(plan: ElementPlan, value: unknown, scope: WalkScope): unknown {
    switch (plan.handling) {
      case 'removed':
        return this.#remove(plan.removedKind);
      case 'primitive-keep':
      case 'primitive-year':
      case 'primitive-remove':
        return this.#primitive(plan, value);
      case 'birth-date':
        return this.#birthYear(value);
      case 'full-url':
        return this.#rewriteUrl(value, pseudonymizeFullUrl);
      case 'request-url':
        return this.#requestUrl(value);
      case 'response-location':
        return this.#rewriteUrl(value, pseudonymizeReference);
      case 'media-content':
        return this.#attachment(value, scope, mediaKindOf(scope.resource));
      case 'resource':
        return this.#innerResource(value, plan.name);
      case 'contact-point':
        return this.#remove(contactPointKindOf(value));
      case 'identifier':
        return this.#remove(identifierKindOf(value, scope.type));
      case 'address':
        return this.#address(value, scope);
      case 'reference':
        return this.#reference(value, scope);
      case 'meta':
        return this.#meta(value, scope);
      case 'attachment':
        return this.#attachment(value, scope, undefined);
      case 'extension':
        return this.#extension(value, scope);
      case 'quantity':
        return this.#quantity(plan.type, value, scope);
      case 'object':
        return this.#object(plan.type, value, scope);
    }
  }

  #innerResource(value: unknown, name: string): unknown {
    if (!isRecord(value) || typeof value['resourceType'] !== 'string') return this.#remove('other_id');
    if (!isResourceType(value['resourceType'])) return this.#remove('other_id');
    return this.resource(value, name === 'contained');
  }

  /** Walks every element of a complex value; unknown elements are removed. */
  #object(type: string, value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.#remove('other_id');

    const plans = elementPlansOf(type);
    const output: Record<string, unknown> = {};
    let empty = true;
    let hasPrimitiveExtensions = false;
    for (const key of Object.keys(value)) {
      if (isExtensionKey(key)) {
        hasPrimitiveExtensions = true;
        continue;
      }
      if (this.#copyMember(plans, key, value, output, scope)) empty = false;
    }
    // A primitive's extensions are kept only beside it, so they never make an empty output.
    if (empty) return undefined;
    if (hasPrimitiveExtensions) this.#copyPrimitiveExtensions(plans, value, output, scope);
    return output;
  }

  #primitive(plan: ElementPlan, value: unknown): unknown {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return this.#remove('other_id');
    }

    if (plan.handling === 'primitive-keep') {
      return typeof value === 'string' ? this.#keptText(value) : value;
    }
    if (plan.handling === 'primitive-year') return this.#year(value);
    return this.#remove(plan.removedKind);
  }

  #year(value: unknown): string | undefined {
    const year = typeof value === 'string' ? this.#harbor.year(value) : null;
    if (year === null) return this.#remove('date');
    if (year !== value) this.#count('date');
    return year;
  }

  /**
   * Returns a text that a rule keeps, or removes it when it contains an email address, a phone
   * number, a contact URI or an IP address, in case a code or a label carries one.
   */
  #keptText(value: string): string | undefined {
    const kind = contactDetailKindOf(value);
    return kind === undefined ? value : this.#remove(kind);
  }

  #birthYear(value: unknown): string | undefined {
    const year = typeof value === 'string' ? this.#harbor.birthYear(value) : null;
    if (year === null) return this.#remove('date');
    if (year !== value) this.#count('date');
    return year;
  }

  #rewriteUrl(
    value: unknown,
    rewrite: (url: string, pseudonyms: Pseudonymizer) => string | undefined,
  ): string | undefined {
    const url = typeof value === 'string' ? rewrite(value, this.#harbor.pseudonyms) : undefined;
    if (url === undefined) return this.#remove('reference');
    if (url !== value) this.#count('reference');
    return url;
  }

  /**
   * Pseudonymizes the id of a Bundle entry's `request.url` and drops its query, which counts as
   * an `other_id` because its search parameters may identify the person.
   */
  #requestUrl(value: unknown): string | undefined {
    if (typeof value !== 'string') return this.#remove('reference');
    const rewrite = pseudonymizeRequestUrl(value, this.#harbor.pseudonyms);
    if (rewrite === undefined) return this.#remove('reference');

    if (rewrite.pseudonymizedId) this.#count('reference');
    if (rewrite.droppedQuery) this.#count('other_id');
    return rewrite.url;
  }

  /** Keeps the state, country, ZIP3, use and type of an address (45 CFR 164.514(b)(2)(i)(B)). */
  #address(value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.#remove('other_id');

    const output: Record<string, unknown> = {};
    let changed = false;
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (addressKeptKeys.has(key) && typeof item === 'string') {
        const text = this.#keptText(item);
        if (text !== undefined) output[key] = text;
      } else if (key === 'postalCode' && typeof item === 'string') {
        const zip3 = this.#harbor.zip3(item);
        output[key] = zip3;
        changed ||= zip3 !== item;
      } else if (key === 'extension') {
        const extensions = this.element('Address', key, item, scope);
        if (extensions !== undefined) output[key] = extensions;
      } else if (!isExtensionKey(key)) {
        changed = true;
      }
    }

    if (changed) this.#count('geographic');
    return Object.keys(output).length === 0 ? undefined : output;
  }

  /** Pseudonymizes the target of a reference and drops what describes it. */
  #reference(value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.#remove('other_id');

    const plans = elementPlansOf('Reference');
    const output: Record<string, unknown> = {};
    let empty = true;
    for (const key of Object.keys(value)) {
      if (key === 'reference') {
        let reference = this.#rewriteUrl(value[key], pseudonymizeReference);
        // A local `#id` stays as written, like the contained id it points at.
        if (reference?.startsWith('#')) reference = this.#keptText(reference);
        if (reference === undefined) continue;
        output[key] = reference;
        empty = false;
      } else if (!isExtensionKey(key)) {
        if (this.#copyMember(plans, key, value, output, scope)) empty = false;
      }
    }
    return empty ? undefined : output;
  }

  /** Keeps only the profiles a resource claims; versions, tags and sources are removed. */
  #meta(value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.#remove('other_id');

    const output: Record<string, unknown> = {};
    if (value['profile'] !== undefined) {
      this.#copyMember(elementPlansOf('Meta'), 'profile', value, output, scope);
    }
    if (Object.keys(value).some((key) => key !== 'profile')) this.#count('other_id');
    return Object.keys(output).length === 0 ? undefined : output;
  }

  /**
   * Keeps the content type, language, size and creation year of an attachment and removes its
   * content, address and title, which may show the person.
   */
  #attachment(value: unknown, scope: WalkScope, kind: PhiKind | undefined): unknown {
    if (!isRecord(value)) return this.#remove('other_id');

    const output: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (attachmentKeptKeys.has(key)) {
        const kept = typeof item === 'string' ? this.#keptText(item) : item;
        if (kept !== undefined) output[key] = kept;
      } else if (key === 'creation') {
        const year = this.#year(item);
        if (year !== undefined) output[key] = year;
      } else if (key === 'extension') {
        this.#copyMember(elementPlansOf('Attachment'), key, value, output, scope);
      } else if (!isExtensionKey(key)) {
        this.#count(kind ?? (key === 'url' ? 'url' : 'free_text'));
      }
    }
    return Object.keys(output).length === 0 ? undefined : output;
  }

  /**
   * Walks an extension by the type of its value. The geolocation extension is removed whole,
   * a birth time follows the birth-year rule, and an extension left with neither a value nor
   * nested extensions is removed, because R4 requires one of them.
   */
  #extension(value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    if (!isRecord(value)) return this.#remove('other_id');

    const url = value['url'];
    if (url === geolocationUrl) return this.#remove('geographic');

    let output: Record<string, unknown> | undefined;
    if (url === birthTimeUrl && typeof value['valueDateTime'] === 'string') {
      const year = this.#birthYear(value['valueDateTime']);
      output = year === undefined ? undefined : { url, valueDateTime: year };
    } else if (typeof url === 'string' && extensionKinds[url] !== undefined) {
      const hasValue = Object.keys(value).some((key) => key.startsWith('value'));
      if (hasValue) this.#count(extensionKinds[url]);
      output = this.#object('Extension', withoutValue(value), scope);
    } else {
      output = this.#object('Extension', value, scope);
    }

    // An extension whose url held a contact detail cannot be read without it.
    if (output === undefined || output['url'] !== url) return undefined;
    const hasContent = Object.keys(output).some((key) => key === 'extension' || key.startsWith('value'));
    return hasContent ? output : undefined;
  }

  /**
   * Walks a quantity and replaces an age over 89 years with 90 and the comparator `>=`
   * (45 CFR 164.514(b)(2)(i)(C)): any Age, and other quantities in UCUM years (`a`).
   */
  #quantity(type: string, value: unknown, scope: WalkScope): Record<string, unknown> | undefined {
    const output = this.#object(type, value, scope);
    if (output === undefined || !isRecord(value)) return output;

    const years = yearsOf(type, value);
    if (years === undefined || years <= 89) return output;

    output['value'] = 90;
    output['comparator'] = '>=';
    if (value['code'] !== 'a') {
      output['unit'] = 'a';
      output['system'] = ucumSystem;
      output['code'] = 'a';
    }
    this.#count('date');
    return output;
  }

  #remove(kind: DeidElementKind): undefined {
    this.#count(kind);
    return undefined;
  }

  #count(kind: DeidElementKind): void {
    this.#tally.element(kind);
  }
}

/** Tells whether a key is the `_name` member that contains a primitive's id and extensions. */
function isExtensionKey(key: string): boolean {
  return key.charCodeAt(0) === 0x5f;
}

/** Copies the exact digits of a kept decimal, when the source recorded them. */
function copyDecimalText(
  source: object,
  sourceKey: string | number,
  target: object,
  targetKey: string | number,
): void {
  const text = decimalText(source, sourceKey);
  if (text !== undefined) setDecimalText(target, targetKey, text);
}

function withoutValue(extension: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extension).filter(([key]) => !key.startsWith('value')));
}

/** Returns the photo or biometric kind of a Media resource's content: audio is a voice print. */
function mediaKindOf(media: Record<string, unknown>): PhiKind {
  const audio = codingsOf(media['type']).some((coding) => coding['code'] === 'audio');
  return audio ? 'biometric' : 'photo';
}

// UCUM units of time, in years.
const yearsPerUnit: Readonly<Record<string, number>> = {
  a: 1,
  mo: 1 / 12,
  wk: 7 / 365.25,
  d: 1 / 365.25,
};

/**
 * Returns a quantity's value in years when it is an age: an Age in a UCUM unit of time (or
 * without a known unit, taken as years), or another quantity in UCUM years.
 */
function yearsOf(type: string, quantity: Record<string, unknown>): number | undefined {
  const value = quantity['value'];
  if (typeof value !== 'number') return undefined;

  const code = quantity['code'];
  const system = quantity['system'];
  const ucum = system === undefined || system === ucumSystem;
  if (type === 'Age') {
    const factor = ucum && typeof code === 'string' ? yearsPerUnit[code] : undefined;
    return value * (factor ?? 1);
  }
  return ucum && code === 'a' ? value : undefined;
}
