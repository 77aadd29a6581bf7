/**
 * Acronyms a passage spells out, as in "Task Force on Fake News (TFFN)": the passage that
 * defines an acronym is the answer to "What is the TFFN?" / "TFFN là gì?", even when a
 * shorter passage mentions the acronym as often.
 *
 *   definedAcronyms('the ASEAN Task Force on Fake News (TFFN)') // ['tffn']
 *   definitionTerm('tffn')                                      // 'def:tffn'
 */
import { fold } from '../text/normalize.js';

// An upper-case run (digits allowed after the first letter) alone in brackets, after some words.
const DEFINED = /\S\s*\((\p{Lu}[\p{Lu}\p{N}]{1,11})\)/gu;

/** Folded acronyms that `text` spells out in brackets. */
export function definedAcronyms(text: string): string[] {
  return [...new Set([...text.matchAll(DEFINED)].map((m) => fold(m[1])))];
}

/** The index term that marks a passage defining `acronym` (folded); it cannot collide with a word. */
export function definitionTerm(acronym: string): string {
  return `def:${fold(acronym)}`;
}
