/** `natural`, loaded without dotenv's console tips. Import natural from here only. */
import './quiet-dotenv.js';
import natural from 'natural';

export const PorterStemmer = natural.PorterStemmer;
export const englishStopwords: ReadonlySet<string> = new Set(natural.stopwords);
export const NGrams = natural.NGrams;
export const WordNet = natural.WordNet;
