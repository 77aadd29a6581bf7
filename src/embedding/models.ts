/**
 * How each known embedding model expects to be used: pooling, normalisation and the
 * prefixes it was trained with. Getting these wrong silently degrades retrieval
 * (e5 models without `query: ` / `passage: ` rank noticeably worse), so they live in one table.
 *
 *   conventionsFor('Xenova/multilingual-e5-small').queryPrefix   // 'query: '
 */

export interface ModelConventions {
  /** How token vectors become one text vector: mean over real tokens, or the [CLS] token. */
  pooling: 'mean' | 'cls';
  /** Scale vectors to unit length, so a dot product is the cosine. */
  normalize: boolean;
  /** Prepended to every query before embedding. */
  queryPrefix: string;
  /** Prepended to every passage before embedding. */
  passagePrefix: string;
}

const E5: ModelConventions = { pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ' };

/** Models whose id is listed here use exactly these conventions. */
const KNOWN: Readonly<Record<string, ModelConventions>> = {
  'Xenova/multilingual-e5-small': E5,
  'Xenova/multilingual-e5-base': E5,
  'Xenova/multilingual-e5-large': E5,
  'Xenova/bge-m3': { pooling: 'cls', normalize: true, queryPrefix: '', passagePrefix: '' },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' },
};

/** Sentence-transformers style default: safe for most models without prefixes. */
const FALLBACK: ModelConventions = { pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '' };

/**
 * Conventions for a model id: the table entry, else e5-style for any id naming e5
 * (the e5 family all share the prefixes), else mean pooling without prefixes.
 * Returns a fresh object, so callers may spread or modify it.
 */
export function conventionsFor(modelId: string): ModelConventions {
  const known = KNOWN[modelId];
  if (known) return { ...known };
  if (/(^|[^a-z0-9])e5([^a-z0-9]|$)/i.test(modelId)) return { ...E5 };
  return { ...FALLBACK };
}
