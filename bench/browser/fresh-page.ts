/**
 * The page under test, fresh for every run: its HTML is parsed again and replaces the bench page's
 * whole document element. Every run then starts from the page's own untouched DOM (no marks, no
 * split text nodes, no highlights left by an earlier run), and, as in a content script, the page is
 * the global `document` that mark.js and the highlighter work on.
 */
import { walkAllText } from './baselines.ts';
import { collectGarbage, frameRendered } from './timing.ts';

let pageHtml = '';

/** What the section reports about a page (measured once, on a fresh copy). */
export interface PageStats {
  htmlChars: number;
  /** Characters in the body's text nodes: what every method has to read. */
  textChars: number;
  textNodes: number;
}

/** Makes `html` the page every following `freshPage()` builds. */
export async function usePage(html: string): Promise<PageStats> {
  pageHtml = html;
  const { chars, nodes } = walkAllText(await freshPage());
  return { htmlChars: html.length, textChars: chars, textNodes: nodes };
}

/**
 * Replaces the document with a new parse of the page and waits until it is laid out and painted,
 * so a timed run pays for its own work only, not for the page's first layout or the old copy's GC.
 */
export async function freshPage(): Promise<HTMLElement> {
  const parsed = new DOMParser().parseFromString(pageHtml, 'text/html');
  // A saved page's refresh or CSP would act on the bench page itself once inserted. (Its scripts
  // never run: the parser marks them unexecutable.)
  for (const meta of parsed.querySelectorAll('meta[http-equiv]')) meta.remove();
  document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
  document.body.getBoundingClientRect(); // style and layout now, outside the timed run
  collectGarbage();
  // Paint, and a new task: the timed run must not share a task (a long task, if it is one) with
  // the GC or the page's first paint.
  await frameRendered();
  return document.body;
}
