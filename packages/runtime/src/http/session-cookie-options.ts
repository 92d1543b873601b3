/** The attributes of the session cookie, as the spec's `security.sessions.cookie` sets them. */
export interface SessionCookieOptions {
  /** Cookie name. Defaults to `hspec.sid`. A `__Host-` prefix needs `secure: true`. */
  readonly name?: string;
  /** Send the cookie over HTTPS only. Defaults to true. */
  readonly secure?: boolean;
  /** Hide the cookie from page scripts. Defaults to true. */
  readonly httpOnly?: boolean;
  /** Cross-site sending policy. Defaults to `strict`. `none` needs `secure: true`. */
  readonly sameSite?: 'strict' | 'lax' | 'none';
}
