// Port: fetches a public web page for a customer's form (the SEO audit of "my page at this address").
// Skills never fetch; the API fetches through this port and hands the page to the form as text.

/** A document as downloaded: at most the fetcher's byte limit of it, decoded as text. */
export interface FetchedDocument {
  /** The address finally answered (after redirects). */
  url: string;
  /** The media type without parameters, e.g. `text/html`. */
  contentType: string;
  body: string;
  /** Bytes received (the body is cut at the limit). */
  bytes: number;
  /** True when the document was longer than the limit. */
  truncated: boolean;
}

export interface UrlFetcher {
  /**
   * GETs an http(s) URL. Guarantees: only public addresses are contacted (unless configured otherwise),
   * checked after DNS resolution and on every redirect; at most the configured redirects, bytes and
   * time. Fails with a PlatformError whose `details.reason` says why in machine terms and whose
   * message says it in words: VALIDATION (`bad-url`, `unknown-host`, `http-status`, `not-a-page`,
   * `too-many-redirects`), FORBIDDEN (`address-not-public`), TIMEOUT (`timeout`), UNAVAILABLE
   * (`unreachable`).
   */
  fetch(url: string): Promise<FetchedDocument>;
}
