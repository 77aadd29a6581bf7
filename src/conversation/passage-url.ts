/** Where a passage is read in full: the reader page's link, used by every channel that cites. */
import type { Lang } from '../corpus/types.js';
import type { Passage } from '../answer/types.js';

/** Reader-page link of a passage, relative to the public URL; `sentence` (1-based) marks the one that answered. */
export function passageUrl(passage: Pick<Passage, 'doc' | 'paragraph'>, lang: Lang, sentence?: number): string {
  const s = sentence ? `&s=${sentence}` : '';
  return `/doc/${encodeURIComponent(passage.doc)}?lang=${lang}&hl=${passage.paragraph}${s}#p${passage.paragraph}`;
}
