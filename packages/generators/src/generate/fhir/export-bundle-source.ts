import type { ImportList } from '../import-list.js';
import { repositoriesFolder } from '../repository/repository-names.js';

/**
 * Returns the part of the generated `fhir/export.ts` that is the same for every spec: the class
 * that turns exported records into Bundle entries. It registers the names it uses in `imports`.
 */
export function exportBundleSource(imports: ImportList): string {
  const runtime = '@hspec/runtime';
  const accessDenied = imports.value(runtime, 'AccessDeniedError');
  const toFhirResource = imports.value(runtime, 'toFhirResource');
  const fhirMapping = imports.type(runtime, 'FhirMapping');
  const fhir4 = imports.type(runtime, 'fhir4');
  const exportedRecord = imports.type(`../${repositoriesFolder}/index.js`, 'ExportedRecord');

  return `/** Whether a searchset entry is one of the patient's records or was included with them. */
type SearchMode = 'match' | 'include';

/** A UUID in its canonical form, the only id that a \`urn:uuid:\` fullUrl may carry. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Collects the entries of an export Bundle, one resource for each exported record. */
class ExportBundle {
  readonly #type: 'collection' | 'searchset';
  readonly #entries: ${fhir4}.BundleEntry[] = [];
  #matches = 0;

  constructor(type: 'collection' | 'searchset') {
    this.#type = type;
  }

  /**
   * Adds a resource for each record. A mapped field that the export decision for the record
   * does not allow is masked: absent, or marked with the data-absent-reason extension where
   * R4 requires the element.
   */
  add(
    mapping: ${fhirMapping},
    mode: SearchMode,
    records: readonly ${exportedRecord}<unknown>[],
  ): void {
    for (const exported of records) {
      const allowed = new Set(exported.fields);
      const masked = new Set(
        mapping.fields.map((field) => field.field).filter((field) => !allowed.has(field)),
      );
      const values = exported.record as Readonly<Record<string, unknown>>;
      const built = ${toFhirResource}(mapping, values, { masked });
      // The object is a resource of the type that the mapping names, whose elements the spec
      // validator checked against R4; its static type is a plain record.
      const resource = built as unknown as ${fhir4}.FhirResource;

      const entry: ${fhir4}.BundleEntry = {};
      // A relative fullUrl is not allowed in a Bundle, so only a UUID id gives an entry one.
      if (resource.id !== undefined && uuidPattern.test(resource.id)) {
        entry.fullUrl = 'urn:uuid:' + resource.id.toLowerCase();
      }
      entry.resource = resource;
      if (this.#type === 'searchset') {
        entry.search = { mode };
        this.#matches += mode === 'match' ? 1 : 0;
      }
      this.#entries.push(entry);
    }
  }

  /**
   * Adds the records that \`read\` exports, or none when the request may not export the model.
   * The repository has audited the denial before it threw.
   */
  addUnlessDenied(
    mapping: ${fhirMapping},
    mode: SearchMode,
    read: () => readonly ${exportedRecord}<unknown>[],
  ): void {
    let records: readonly ${exportedRecord}<unknown>[];
    try {
      records = read();
    } catch (error) {
      if (error instanceof ${accessDenied}) {
        return;
      }
      throw error;
    }
    this.add(mapping, mode, records);
  }

  /**
   * Returns the Bundle; a searchset counts its matches in \`total\`. A reference to a resource
   * of the Bundle is rewritten to that entry's fullUrl, because R4 resolves a relative
   * \`Type/id\` reference within a Bundle only against an entry whose fullUrl is a RESTful URL,
   * which \`urn:uuid:\` is not. A reference to a resource outside the Bundle stays \`Type/id\`.
   */
  toBundle(): ${fhir4}.Bundle {
    const fullUrls = new Map<string, string>();
    for (const entry of this.#entries) {
      const resource = entry.resource;
      if (entry.fullUrl !== undefined && resource?.id !== undefined) {
        fullUrls.set(resource.resourceType + '/' + resource.id, entry.fullUrl);
      }
    }
    for (const entry of this.#entries) {
      pointReferencesAtEntries(entry.resource, fullUrls);
    }

    const bundle: ${fhir4}.Bundle = { resourceType: 'Bundle', type: this.#type };
    if (this.#type === 'searchset') {
      bundle.total = this.#matches;
    }
    if (this.#entries.length > 0) {
      bundle.entry = [...this.#entries];
    }
    return bundle;
  }
}

/**
 * Replaces each \`reference\` inside a FHIR value that names a key of \`fullUrls\` (\`Type/id\`)
 * with the fullUrl of that entry.
 */
function pointReferencesAtEntries(value: unknown, fullUrls: ReadonlyMap<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value as readonly unknown[]) {
      pointReferencesAtEntries(item, fullUrls);
    }
    return;
  }
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const element = value as Record<string, unknown>;
  for (const [name, child] of Object.entries(element)) {
    if (name === 'reference' && typeof child === 'string') {
      element[name] = fullUrls.get(child) ?? child;
    } else {
      pointReferencesAtEntries(child, fullUrls);
    }
  }
}
`;
}
