/** The extension's keyboard shortcuts as the extension's pages read them. */
import { browser } from 'wxt/browser';
import type { Shortcut } from '@/components/OptionsApp';

/** Every command with its keys as the browser has them now: the reader may have changed or removed them. */
export async function readShortcuts(): Promise<Shortcut[]> {
  const commands = await browser.commands.getAll();
  return commands.map((command) => ({
    name: command.name ?? '',
    description: command.description ?? '',
    shortcut: command.shortcut ?? '',
  }));
}
