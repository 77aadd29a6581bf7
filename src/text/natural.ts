/**
 * The parts of `natural` we use, imported one module each: natural's index pulls in storage
 * back-ends (mongoose, redis, pg) and dotenv (which prints tips), costing ~0.5 s at every start.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const PorterStemmer: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer.js');
export const englishStopwords: ReadonlySet<string> = new Set(require('natural/lib/natural/util/stopwords.js').words as string[]);
export const NGrams: { bigrams(tokens: string[]): string[][] } = require('natural/lib/natural/ngrams/ngrams.js');
