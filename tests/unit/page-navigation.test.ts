import { describe, expect, it, vi } from 'vitest';
import { onPageNavigated, type PageSession } from '@/lib/content/page-session';

function sessionCountingRescans() {
  const rescanAll = vi.fn();
  const session = { highlighter: () => ({ rescanAll }) } as unknown as PageSession;
  return { session, rescanAll };
}

const url = (href: string) => new URL(href, 'https://news.example/');

describe('single-page navigation', () => {
  it('scans the page again when a client-side router moves to another path or query', () => {
    const { session, rescanAll } = sessionCountingRescans();
    onPageNavigated(session, url('/spa/first'), url('/spa/second'));
    onPageNavigated(session, url('/live?page=1'), url('/live?page=2'));
    expect(rescanAll).toHaveBeenCalledTimes(2);
  });

  it('keeps the highlights when only the #fragment changes (a jump within the article)', () => {
    const { session, rescanAll } = sessionCountingRescans();
    onPageNavigated(session, url('/story'), url('/story#comments'));
    onPageNavigated(session, url('/story#comments'), url('/story#footnote-2'));
    expect(rescanAll).not.toHaveBeenCalled();
  });
});
