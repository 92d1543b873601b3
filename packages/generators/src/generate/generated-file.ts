/** A file that a generator produces. */
export interface GeneratedFile {
  /** Path relative to the output folder, with forward slashes. */
  readonly path: string;
  readonly contents: string;
}
