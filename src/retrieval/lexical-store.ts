/**
 * The analysed lexical index as one file (`embeddings/lexical.bin`): the BM25 fields of
 * `buildLexicalFields` and the language vocabulary, so a start needs no text analysis.
 * The vocabulary is stored too: it cannot be derived from the fields (it keeps function
 * syllables and unstemmed English words the fields drop).
 *
 * `analyzerFingerprint()` changes whenever analysis may give other terms — format version,
 * BM25 options, and the analysers' actual output on a fixed probe text — so a file
 * made by other code is recognised as stale instead of silently ranking differently.
 *
 *   const bytes = encodeLexical(buildStoredLexical(chunks));
 *   const { fields, vocab } = decodeLexical(bytes, chunks.length);
 */
import { createHash } from 'node:crypto';
import type { Chunk } from '../corpus/types.js';
import { buildLanguageVocab, type LanguageVocab } from '../text/language.js';
import { BinaryFormatError, BinaryReader, BinaryWriter } from './binary.js';
import { BM25_FORMAT_VERSION, decodeBm25, encodeBm25, type Bm25Options } from './bm25.js';
import { FIELD_LANG, FIELDS } from './expand.js';
import { buildLexicalFields, DEFAULT_LEXICAL_OPTIONS, fieldTerms, type LexicalFields } from './lexical.js';

/** Bump when the file layout or what goes into it changes without the probe output changing. */
export const LEXICAL_FORMAT_VERSION = 1;
const MAGIC = 0x584c4c4b; // "KLLX" read as a little-endian u32

/** What `lexical.bin` holds. */
export interface StoredLexical {
  fields: LexicalFields;
  vocab: LanguageVocab;
}

/** Analyses the chunks: the BM25 fields and the language vocabulary (what a start without `lexical.bin` does). */
export function buildStoredLexical(chunks: Chunk[], bm25: Bm25Options = DEFAULT_LEXICAL_OPTIONS.bm25): StoredLexical {
  return {
    fields: buildLexicalFields(chunks, bm25),
    vocab: buildLanguageVocab({ vi: chunks.map((c) => c.text.vi ?? ''), en: chunks.map((c) => c.text.en ?? '') }),
  };
}

export function encodeLexical(stored: StoredLexical): Buffer {
  const w = new BinaryWriter();
  w.u32(MAGIC);
  w.u32(LEXICAL_FORMAT_VERSION);
  w.strings(FIELDS);
  for (const f of FIELDS) w.bytes(encodeBm25(stored.fields[f]));
  w.strings([...stored.vocab.vi]);
  w.strings([...stored.vocab.en]);
  return w.finish();
}

/** Reads `encodeLexical` bytes; throws BinaryFormatError when they are of another format or do not fit `chunkCount`. */
export function decodeLexical(bytes: Buffer, chunkCount?: number): StoredLexical {
  const r = new BinaryReader(bytes);
  if (r.u32() !== MAGIC) throw new BinaryFormatError('not a lexical index file');
  const version = r.u32();
  if (version !== LEXICAL_FORMAT_VERSION) throw new BinaryFormatError(`lexical format version ${version} is not ${LEXICAL_FORMAT_VERSION}`);
  const names = r.strings();
  if (names.join(',') !== FIELDS.join(',')) throw new BinaryFormatError(`lexical fields ${names.join(',')} are not ${FIELDS.join(',')}`);
  const fields = {} as LexicalFields;
  for (const f of FIELDS) {
    fields[f] = decodeBm25(r.bytes());
    if (chunkCount !== undefined && fields[f].size !== chunkCount) {
      throw new BinaryFormatError(`lexical field ${f} has ${fields[f].size} documents, the corpus has ${chunkCount} chunks`);
    }
  }
  const vocab = { vi: new Set(r.strings()), en: new Set(r.strings()) };
  r.end();
  return { fields, vocab };
}

// Diacritics (NFC and NFD), đ, acronyms defined in brackets, ordinals, years, numbers, stop words.
const PROBE: Record<'vi' | 'en', string> = {
  vi:
    'Hội nghị Bộ trưởng phụ trách Thông tin ASEAN (AMRI) lần thứ 18 sẽ được tổ chức tại Campuchia năm 2027; ' +
    'Đà Nẵng, Việt Nam và Lực lượng đặc nhiệm về tin giả (TFFN) hỏi gì về AI? ' +
    'Ha Noi khong dau. Tuye\u0302\u0301n bo\u0302\u0301 Kuala Lumpur.',
  en:
    'The 17th ASEAN Ministers Responsible for Information (AMRI) meeting adopted the Kuala Lumpur Declaration ' +
    'on 28 May 2025: fake news, hate speech, youth and social media platforms; the 8th AMRI+3 and 3 working groups. ' +
    'What does TFFN stand for? Hà Nội, café.',
};

const fingerprints = new Map<string, string>();

/** Hex sha256 of everything that decides the stored terms (see the module comment). */
export function analyzerFingerprint(bm25: Bm25Options = DEFAULT_LEXICAL_OPTIONS.bm25): string {
  const key = JSON.stringify(bm25);
  const cached = fingerprints.get(key);
  if (cached) return cached;
  const vocab = buildLanguageVocab({ vi: [PROBE.vi], en: [PROBE.en] });
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        format: LEXICAL_FORMAT_VERSION,
        bm25Format: BM25_FORMAT_VERSION,
        bm25: { k1: bm25.k1, b: bm25.b },
        probe: FIELDS.map((f) => [f, ...[PROBE.vi, PROBE.en].map((text) => fieldTerms(f, text))]),
        fieldLang: FIELD_LANG,
        vocab: { vi: [...vocab.vi], en: [...vocab.en] },
      }),
    )
    .digest('hex');
  fingerprints.set(key, fingerprint);
  return fingerprint;
}
