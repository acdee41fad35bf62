import { useEffect, useState } from 'preact/hooks';
import type { PingAnswer, Result, TabMentions } from '@/lib/messages';

interface PopupAppProps {
  name: string;
  version: string;
  /** Asks the background whether it is alive. */
  ping: () => Promise<Result<PingAnswer>>;
  /** Asks the background what it knows about the tab this popup is about. */
  tabStatus: () => Promise<Result<TabMentions>>;
}

/** The toolbar popup: the extension's identity, whether its background answers, and the tab's state. */
export function PopupApp({ name, version, ping, tabStatus }: PopupAppProps) {
  const [background, setBackground] = useState<Result<PingAnswer>>();
  const [tab, setTab] = useState<Result<TabMentions>>();
  useEffect(() => {
    void ping().then(setBackground);
    void tabStatus().then(setTab);
  }, [ping, tabStatus]);
  return (
    <main>
      <h1>{name}</h1>
      <p>Version {version}</p>
      <p role="status" data-testid="background-status">
        {background === undefined
          ? 'Contacting the background…'
          : background.ok
            ? `Background ready: ${background.value.name} ${background.value.version}`
            : `Background unavailable: ${background.error}`}
      </p>
      <p data-testid="tab-status">
        {tab === undefined
          ? 'Checking this page…'
          : tab.ok && tab.value.state === 'active'
            ? 'Backstory is running on this page.'
            : 'Backstory is not running on this page.'}
      </p>
    </main>
  );
}
