/**
 * Screenshot of the widget answering a question, for the README: starts the app in-process,
 * opens the demo page in headless Chromium, asks a question and saves the page with the
 * panel open on the answer.
 *
 *   npx tsx scripts/screenshot.ts                        # docs/widget.png, desktop, English
 *   npx tsx scripts/screenshot.ts docs/widget-phone.png --phone   # 375×667, Vietnamese
 *
 * Needs Chromium (`apt-get install -y chromium fonts-noto-color-emoji`, or CHROMIUM_PATH).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM_PATH, hasChromium, launchChromium, startApp } from '../test/e2e/harness.js';

interface ShotOptions {
  /** Where the PNG goes. Default `docs/widget.png`. */
  out: string;
  /** Phone-sized (375×667, 2× pixels) with the Vietnamese UI, instead of a desktop window in English. */
  phone: boolean;
}

const QUESTIONS = {
  desktop: { lang: 'en', text: 'Where will the 18th AMRI meeting be held?' },
  phone: { lang: 'vi', text: 'Hội nghị AMRI lần thứ 18 sẽ được tổ chức ở đâu?' },
} as const;

function parseArgs(argv: string[]): ShotOptions {
  const phone = argv.includes('--phone');
  const out = argv.find((a) => !a.startsWith('--')) ?? 'docs/widget.png';
  return { out: path.resolve(out), phone };
}

async function main(options: ShotOptions): Promise<void> {
  if (!hasChromium) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-color-emoji, or set CHROMIUM_PATH`);
  const app = await startApp();
  const browser = await launchChromium();
  try {
    const question = options.phone ? QUESTIONS.phone : QUESTIONS.desktop;
    const page = await browser.newPage(
      options.phone
        ? { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
        : { viewport: { width: 1280, height: 800 } },
    );
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${app.baseUrl}/?lang=${question.lang}`);
    await page.locator('.kbw-launcher').click();
    await page.getByRole('textbox').fill(question.text);
    await page.keyboard.press('Enter');
    await page.locator('.kbw-reply[data-kind="answer"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready);
    await mkdir(path.dirname(options.out), { recursive: true });
    await page.screenshot({ path: options.out });
    console.log(`saved ${path.relative(process.cwd(), options.out)}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main(parseArgs(process.argv.slice(2))).catch((err) => {
  console.error(`screenshot failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
