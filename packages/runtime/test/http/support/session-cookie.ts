/** The parts of a `Set-Cookie` header that the tests check. */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
  /** Attribute names as sent, with their values, such as `Max-Age` → `43200`. */
  readonly attributes: ReadonlyMap<string, string>;
}

/** Parses the `Set-Cookie` headers of a fetch response. */
export function setCookiesOf(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair = '', ...rest] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const equals = attribute.indexOf('=');
      const name = equals === -1 ? attribute : attribute.slice(0, equals);
      attributes.set(name, equals === -1 ? '' : attribute.slice(equals + 1));
    }
    return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
  });
}

/** Returns the value of the one `hspec.sid` cookie a response sets, failing otherwise. */
export function sessionIdOf(response: Response, name = 'hspec.sid'): string {
  const cookies = setCookiesOf(response).filter((cookie) => cookie.name === name);
  const [cookie] = cookies;
  if (cookies.length !== 1 || cookie === undefined) {
    throw new Error(`expected one ${name} cookie, got ${cookies.length}`);
  }
  return cookie.value;
}
