/**
 * The one seam between a source and the network (spec 01 §1): production wraps Node's fetch
 * (src/sources/http.ts, with retries and quotas), tests replay recorded payloads and the
 * simulator answers the real URLs from its league (src/sources/simulator/transport.ts).
 * Header names in requests and responses are lower-case.
 */
export interface TransportRequest {
  url: string;
  headers?: Record<string, string>;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** The exact response body (JSON or CSV text); archived by its sha256. */
  body: string;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
}
