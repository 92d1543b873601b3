/** One 256-bit key with its id, as a key provider supplies it. */
export interface KeyMaterial {
  /** Key id, matching `keyIdPattern`, that names this key in every envelope it encrypts. */
  readonly id: string;
  /** The 32 secret key bytes. */
  readonly key: Buffer;
  /** When the key was created, as an ISO 8601 timestamp, if the source records it. */
  readonly createdAt: string | undefined;
}
