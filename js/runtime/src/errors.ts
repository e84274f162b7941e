// The one error type of the package. Every failure a caller sees - an error document from the
// runtime, a host failure (fetch, compile, trap, timeout), a refused .rmpkg - is a
// RemoteMediaError whose `code` is one of ERROR_CODES (error_codes.ts, generated from
// include/remotemedia/error_codes.h) and whose `exitCode` is what the CLI would exit with for the
// same failure (2 invalid input, 1 run failure).

/** Details carried next to the code and message; all optional except as noted. */
export interface RemoteMediaErrorDetails {
  /** The CLI's exit code for this failure: 2 invalid input, 1 run failure (default 1). */
  exitCode?: number;
  /** The node the failure belongs to, when there is one. */
  nodeId?: string;
  /** The JSON path (e.g. `$.nodes[0].params.gain`) or file path the failure points at. */
  path?: string;
  /** A Python traceback, for Python node failures. */
  traceback?: string;
  /** The whole parsed error document ({"status": "error", "error": {...}}), when there is one. */
  result?: unknown;
  /** The JS error this one was made from (a trap, a fetch failure). */
  cause?: unknown;
}

export class RemoteMediaError extends Error {
  readonly code: string;
  readonly nodeId?: string;
  readonly path?: string;
  readonly traceback?: string;
  readonly exitCode: number;
  readonly result: unknown;

  constructor(code: string, message: string, details: RemoteMediaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RemoteMediaError';
    this.code = code;
    this.exitCode = details.exitCode ?? 1;
    if (details.nodeId !== undefined) this.nodeId = details.nodeId;
    if (details.path !== undefined) this.path = details.path;
    if (details.traceback !== undefined) this.traceback = details.traceback;
    this.result = details.result ?? errorDocumentOf(code, message, details);
  }

  /** The error as a plain object that survives structured cloning (worker messages). */
  toJSON(): SerializedRemoteMediaError {
    return {
      code: this.code,
      message: this.message,
      exitCode: this.exitCode,
      nodeId: this.nodeId,
      path: this.path,
      traceback: this.traceback,
      result: this.result,
    };
  }

  static fromJSON(data: SerializedRemoteMediaError): RemoteMediaError {
    return new RemoteMediaError(data.code, data.message, data);
  }

  /**
   * The error for a parsed error document `{"status": "error", "error": {code, message, node_id?,
   * path?, traceback?, ...}}` as the runtime prints it. A document of another shape becomes
   * `wasm_host_failed` (the runtime never writes one).
   */
  static fromDocument(doc: unknown, exitCode: number): RemoteMediaError {
    const error = isRecord(doc) && isRecord(doc.error) ? doc.error : null;
    if (!error || typeof error.code !== 'string') {
      return new RemoteMediaError('wasm_host_failed',
        'the runtime reported a failure without an error document', { exitCode: 1, result: doc });
    }
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    return new RemoteMediaError(error.code, text(error.message) ?? error.code, {
      exitCode,
      nodeId: text(error.node_id),
      path: text(error.path),
      traceback: text(error.traceback),
      result: doc,
    });
  }
}

export interface SerializedRemoteMediaError {
  code: string;
  message: string;
  exitCode: number;
  nodeId?: string | undefined;
  path?: string | undefined;
  traceback?: string | undefined;
  result?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The document the CLI would print for an error the JS side makes itself.
function errorDocumentOf(code: string, message: string, details: RemoteMediaErrorDetails): unknown {
  const error: Record<string, unknown> = { code, message };
  if (details.nodeId !== undefined) error.node_id = details.nodeId;
  if (details.path !== undefined) error.path = details.path;
  if (details.traceback !== undefined) error.traceback = details.traceback;
  return { status: 'error', error };
}
