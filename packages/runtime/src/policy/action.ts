/** What a request does to a record; `export` (a FHIR Bundle leaving the system) is never implied by `read`. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'export';

/** Which records a grant covers: the subject's own, its organization's, or every record. */
export type Scope = 'self' | 'organization' | 'all';

/** Every action, in a fixed order. */
export const actions: readonly Action[] = ['read', 'create', 'update', 'delete', 'export'];
