/**
 * The setup every end-to-end suite shares: the browser with the built extension and the fixture
 * server, launched before the suite's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import {
  type BrowserKind,
  type ExtensionSession,
  type FixtureServer,
  type LaunchOptions,
  launchWithExtension,
  startFixtureServer,
} from './harness';

export interface Launched {
  session: ExtensionSession;
  server: FixtureServer;
}

/**
 * Registers the suite's beforeAll/afterAll hooks; `ready` receives the session and the server once
 * they are up (hooks registered after this call run after it, and their afterAll before the close).
 */
export function useExtension(
  kind: BrowserKind,
  ready: (launched: Launched) => void,
  options: LaunchOptions = {},
): void {
  let launched: Partial<Launched> = {};
  beforeAll(async () => {
    launched = { server: await startFixtureServer() };
    launched.session = await launchWithExtension(kind, options);
    ready(launched as Launched);
  });
  afterAll(async () => {
    await launched.session?.close();
    await launched.server?.close();
  });
}
