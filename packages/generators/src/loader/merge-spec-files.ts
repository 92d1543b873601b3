import type { SourceLocation, SpecIssue } from '../issue.js';
import {
  isRecord,
  locateInDocument,
  type IssueLocation,
  type LocateMode,
  type NodeLocation,
  type SourceDocument,
} from './source-document.js';
import { pathKey, type SpecPath } from './spec-path.js';

/**
 * All spec files merged into one document. `data` has the sections as plain data, and
 * `locate` maps a path in it back to the file, line and column it came from.
 */
export interface MergedSpec {
  readonly data: Readonly<Record<string, unknown>>;
  readonly locate: (path: SpecPath, mode?: LocateMode) => IssueLocation;
  /** The recorded location of the node at a path, or undefined when the path does not exist. */
  readonly nodeAt: (path: SpecPath) => NodeLocation | undefined;
}

/** Sections whose entries are merged by name; the same name in two files is an error. */
const namedSections: Readonly<Record<string, { readonly code: string; readonly noun: string }>> = {
  models: { code: 'spec.duplicate-model', noun: 'model' },
  views: { code: 'spec.duplicate-view', noun: 'view' },
  roles: { code: 'spec.duplicate-role', noun: 'role' },
};

/** Sections that exactly one file may define. */
const singleSections = new Set(['audit', 'security', 'deidentification']);

interface Origin {
  readonly document: SourceDocument;
  readonly path: SpecPath;
}

/**
 * Merges parsed spec files in the order given. Models, views and roles merge by name,
 * `fhir.mappings` by model name, and `tests` lists join in file order, while `audit` and
 * `security` come from one file. Names and sections defined twice are issues with both places.
 */
export function mergeSpecFiles(documents: readonly SourceDocument[]): {
  readonly spec: MergedSpec;
  readonly issues: readonly SpecIssue[];
} {
  const merger = new Merger();
  for (const document of documents) merger.add(document);
  return { spec: merger.result(documents[0]), issues: merger.issues };
}

class Merger {
  readonly issues: SpecIssue[] = [];
  private readonly data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly origins = new Map<string, Origin>();

  add(document: SourceDocument): void {
    if (!isRecord(document.data)) return;

    for (const [section, value] of Object.entries(document.data)) {
      if (Object.hasOwn(namedSections, section)) this.mergeNamed(document, section, value);
      else if (section === 'fhir') this.mergeFhir(document, value);
      else if (section === 'tests') this.mergeTests(document, value);
      else if (singleSections.has(section)) this.mergeSingle(document, section, value);
      // x- keys only hold anchors; other keys (a stray `version`) were reported by the schema.
    }
  }

  result(fallback: SourceDocument | undefined): MergedSpec {
    const origins = this.origins;

    // Maps a merged path to the file it came from and the path inside that file.
    const resolve = (path: SpecPath): Origin | undefined => {
      for (let length = path.length; length >= 0; length--) {
        const origin = origins.get(pathKey(path.slice(0, length)));
        if (origin === undefined) continue;
        return { document: origin.document, path: [...origin.path, ...path.slice(length)] };
      }
      return fallback === undefined ? undefined : { document: fallback, path };
    };

    const locate = (path: SpecPath, mode: LocateMode = 'node'): IssueLocation => {
      const origin = resolve(path);
      if (origin === undefined) return { file: '', line: 1, column: 1, path: '' };
      return locateInDocument(origin.document, origin.path, mode);
    };
    const nodeAt = (path: SpecPath): NodeLocation | undefined => {
      const origin = resolve(path);
      return origin?.document.locations.get(pathKey(origin.path));
    };
    return { data: this.data, locate, nodeAt };
  }

  private mergeNamed(document: SourceDocument, section: string, value: unknown): void {
    if (!isRecord(value)) return;
    const target = this.sectionMap(document, [section]);
    const { code, noun } = namedSections[section] ?? { code: 'spec.duplicate-key', noun: 'entry' };

    for (const [name, entry] of Object.entries(value)) {
      const path = [section, name];
      if (Object.hasOwn(target, name)) {
        const message = `${noun} "${name}" is already defined in ${this.fileOf(path)}`;
        this.duplicate(document, path, code, message);
        continue;
      }
      target[name] = entry;
      this.origins.set(pathKey(path), { document, path });
    }
  }

  private mergeFhir(document: SourceDocument, value: unknown): void {
    if (!isRecord(value)) return;
    const fhir = this.sectionMap(document, ['fhir']);

    for (const [key, entry] of Object.entries(value)) {
      if (key === 'mappings' && isRecord(entry)) {
        const mappings = this.sectionMap(document, ['fhir', 'mappings'], fhir);
        for (const [model, mapping] of Object.entries(entry)) {
          const path = ['fhir', 'mappings', model];
          if (Object.hasOwn(mappings, model)) {
            const message = `fhir mapping of model "${model}" is already defined in ${this.fileOf(path)}`;
            this.duplicate(document, path, 'spec.duplicate-mapping', message);
            continue;
          }
          mappings[model] = mapping;
          this.origins.set(pathKey(path), { document, path });
        }
        continue;
      }

      const path = ['fhir', key];
      if (Object.hasOwn(fhir, key)) {
        const message = `"fhir.${key}" is already defined in ${this.fileOf(path)}`;
        this.duplicate(document, path, 'spec.duplicate-key', message);
        continue;
      }
      fhir[key] = entry;
      this.origins.set(pathKey(path), { document, path });
    }
  }

  private mergeTests(document: SourceDocument, value: unknown): void {
    if (!Array.isArray(value)) return;
    const existing = this.data['tests'];
    const tests: unknown[] = Array.isArray(existing) ? existing : [];
    if (!Array.isArray(existing)) {
      this.data['tests'] = tests;
      this.origins.set(pathKey(['tests']), { document, path: ['tests'] });
    }

    for (const [index, test] of value.entries()) {
      this.origins.set(pathKey(['tests', tests.length]), { document, path: ['tests', index] });
      tests.push(test);
    }
  }

  private mergeSingle(document: SourceDocument, section: string, value: unknown): void {
    const path = [section];
    if (Object.hasOwn(this.data, section)) {
      const message = `section "${section}" is already defined in ${this.fileOf(path)}; only one spec file may define it`;
      this.duplicate(document, path, 'spec.duplicate-section', message);
      return;
    }
    this.data[section] = value;
    this.origins.set(pathKey(path), { document, path });
  }

  /** Returns the merged map at a path, creating it (and noting its first file) when new. */
  private sectionMap(
    document: SourceDocument,
    path: SpecPath,
    parent: Record<string, unknown> = this.data,
  ): Record<string, unknown> {
    const key = String(path[path.length - 1]);
    const existing = parent[key];
    if (isRecord(existing)) return existing;

    const created = Object.create(null) as Record<string, unknown>;
    parent[key] = created;
    this.origins.set(pathKey(path), { document, path });
    return created;
  }

  private duplicate(document: SourceDocument, path: SpecPath, code: string, message: string): void {
    const location = locateInDocument(document, path, 'key');
    const first = this.firstLocation(path);
    this.issues.push({ code, message, ...location, related: first });
  }

  private firstLocation(path: SpecPath): SourceLocation {
    const origin = this.origins.get(pathKey(path));
    if (origin === undefined) return { file: '', line: 1, column: 1 };
    const { file, line, column } = locateInDocument(origin.document, origin.path, 'key');
    return { file, line, column };
  }

  private fileOf(path: SpecPath): string {
    return this.origins.get(pathKey(path))?.document.file ?? 'another file';
  }
}
