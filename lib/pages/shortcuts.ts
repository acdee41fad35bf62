/** The extension's keyboard shortcuts as the browser has them now (the reader may have changed them). */
import { browser } from 'wxt/browser';
import type { Shortcut } from '@/components/OptionsApp';

export async function readShortcuts(): Promise<Shortcut[]> {
  const commands = await browser.commands.getAll();
  return commands.map((command) => ({
    name: command.name ?? '',
    description: command.description ?? '',
    shortcut: command.shortcut ?? '',
  }));
}
