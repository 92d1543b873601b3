/**
 * Persistent codes for a Pseudonymizer, so that separate runs give a record the same code and
 * their outputs can be linked. The store maps original ids to codes, so it is a re-identification
 * key: keep it apart from the de-identified data and never disclose it with that data.
 */
export interface LinkageStore {
  /** Returns the stored code of an id in a namespace, or undefined when there is none. */
  get(namespace: string, id: string): string | undefined;
  /** Stores the code of an id in a namespace. */
  put(namespace: string, id: string, code: string): void;
}
