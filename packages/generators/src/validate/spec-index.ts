import type { ModelDraft, RoleDraft, SpecDraft, ViewDraft } from './spec-draft.js';

/** Lookups over a draft by name. The first definition wins where a name repeats. */
export interface SpecIndex {
  readonly models: ReadonlyMap<string, ModelDraft>;
  readonly views: ReadonlyMap<string, ViewDraft>;
  readonly roles: ReadonlyMap<string, RoleDraft>;
  /** The first model marked `subject: true`. */
  readonly subject: ModelDraft | undefined;
  /** The first model marked `tenant: true`. */
  readonly tenant: ModelDraft | undefined;
  /** Known purpose-of-use codes. */
  readonly purposes: readonly string[];
}

/** Builds the name lookups of a draft. */
export function indexSpec(draft: SpecDraft, purposes: readonly string[]): SpecIndex {
  return {
    models: byName(draft.models),
    views: byName(draft.views),
    roles: byName(draft.roles),
    subject: draft.models.find((model) => model.subject),
    tenant: draft.models.find((model) => model.tenant),
    purposes,
  };
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}
