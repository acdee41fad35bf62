/**
 * The background's answer to every message, wired to the knowledge base and the tab reports.
 * Each handler is small: validation and sender checks happen in the router before any runs.
 */
import { browser } from 'wxt/browser';
import type { RouterHandlers } from '../message-router.ts';
import { RequestFailure } from '../messages.ts';
import type { KnowledgeBase } from './knowledge-base.ts';
import { readTabReport, storeTabReport } from './tab-mentions.ts';

/** The page that shows Backstory's views full-size (deep links: `?entity=<id>&tab=<id>`). */
export const FULL_PAGE = '/backstory.html';

/** Builds the handlers for both directions the background receives. */
export function createHandlers(
  knowledge: KnowledgeBase,
  about: { name: string; version: string },
): RouterHandlers {
  const detail = async ({ id }: { id: string }) => (await knowledge.service()).entityDetail(id);
  const info = async () => {
    const found = await (await knowledge.service()).datasetInfo(await knowledge.cacheError());
    const pagesBehind = await knowledge.pagesBehind();
    return pagesBehind ? { ...found, pagesBehind } : found;
  };
  return {
    content: {
      ping: () => about,
      getMatcherData: () => knowledge.matcherData(),
      async reportMentions(report, { tabId }) {
        await storeTabReport(tabId, report);
        return null;
      },
      getEntityDetail: detail,
      async openInBackstory({ entityId }, { tabId }) {
        const query = new URLSearchParams({ entity: entityId, tab: String(tabId) });
        await browser.tabs.create({
          url: browser.runtime.getURL(`${FULL_PAGE}?${query}` as '/backstory.html'),
        });
        return null;
      },
    },
    page: {
      ping: () => about,
      getTabMentions: async ({ tabId }) => {
        const service = await knowledge.service();
        return readTabReport(tabId, (ids) => service.entities(ids));
      },
      getEntityDetail: detail,
      getEntities: async ({ ids }) => (await knowledge.service()).entities(ids),
      getTimeline: async (query) => (await knowledge.service()).timeline(query),
      search: async ({ query, limit }) => (await knowledge.service()).search(query, limit),
      getDatasetInfo: info,
      async rebuildCache() {
        await knowledge.rebuild();
        return info();
      },
      importPack: ({ text, fileName }) => knowledge.importPack(text, fileName),
      removePack: ({ id }) => knowledge.removePack(id),
      async exportPacks({ id }) {
        // In the order they were installed: a pack may build on one installed before it, and an
        // import checks each pack of a file against those before it (the store lists them by id).
        const packs = (await (await knowledge.service()).store.packs()).sort(
          (a, b) => a.installedAt - b.installedAt,
        );
        const chosen = id === undefined ? packs : packs.filter((stored) => stored.id === id);
        if (chosen.length === 0)
          throw id
            ? new RequestFailure('noSuchPack', `No pack "${id}" is installed.`, id)
            : new RequestFailure('noPacks', 'No packs are installed.');
        if (chosen.length === 1)
          return { fileName: `${chosen[0]!.id}.json`, json: JSON.stringify(chosen[0]!.pack, null, 2) };
        return {
          fileName: 'backstory-packs.json',
          json: JSON.stringify(
            chosen.map((stored) => stored.pack),
            null,
            2,
          ),
        };
      },
    },
  };
}
