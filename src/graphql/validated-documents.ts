import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

export interface ValidatedDocumentLimits {
  /** Documents kept. Default 1,000. */
  maxEntries?: number;
  /** Total length of the query texts kept; a document's AST weighs many times its text. Default 1 MiB. */
  maxTotalLength?: number;
  /** A longer query text is parsed and validated each time, never kept. Default 10 KiB. */
  maxEntryLength?: number;
}

/**
 * Parsed and validated documents by query text, for the WebSocket path (Apollo keeps its own for
 * HTTP): 10,000 subscribers usually send one query, which is then parsed and validated once. Only
 * valid documents are kept, oldest out first, within `ValidatedDocumentLimits`, so unique or huge
 * texts cannot grow memory without bound. Errors carry the codes Apollo gives them over HTTP.
 */
export class ValidatedDocuments {
  readonly #documents = new Map<string, DocumentNode>();
  #totalLength = 0;
  readonly #maxEntries: number;
  readonly #maxTotalLength: number;
  readonly #maxEntryLength: number;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    limits: ValidatedDocumentLimits = {},
  ) {
    this.#maxEntries = limits.maxEntries ?? 1_000;
    this.#maxTotalLength = limits.maxTotalLength ?? 1024 * 1024;
    this.#maxEntryLength = limits.maxEntryLength ?? 10 * 1024;
  }

  /** The document of `query`, or its errors: GRAPHQL_PARSE_FAILED or GRAPHQL_VALIDATION_FAILED. */
  get(query: string): DocumentNode | readonly GraphQLError[] {
    const known = this.#documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    if (query.length <= this.#maxEntryLength) this.#keep(query, document);
    return document;
  }

  get size(): number {
    return this.#documents.size;
  }

  /** Total length of the query texts kept. */
  get totalLength(): number {
    return this.#totalLength;
  }

  #keep(query: string, document: DocumentNode): void {
    while (this.#documents.size > 0 && (this.#documents.size >= this.#maxEntries || this.#totalLength + query.length > this.#maxTotalLength)) {
      const oldest = this.#documents.keys().next().value!;
      this.#documents.delete(oldest);
      this.#totalLength -= oldest.length;
    }
    this.#documents.set(query, document);
    this.#totalLength += query.length;
  }
}

/** As Apollo's SyntaxError and ValidationError: the same message and locations, with a code. */
function withCode(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code },
  });
}
