import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// Every test starts from a clean extension: empty storage, no listeners, no tabs.
beforeEach(() => {
  fakeBrowser.reset();
});
