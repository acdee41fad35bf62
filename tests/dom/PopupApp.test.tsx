import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { PopupApp } from '@/components/PopupApp';
import { fail, ok } from '@/lib/messages';

describe('PopupApp', () => {
  it('shows the name, the version and the background’s answer', async () => {
    render(
      <PopupApp
        name="Backstory"
        version="0.1.0"
        ping={() => Promise.resolve(ok({ name: 'Backstory', version: '0.1.0' }))}
        tabStatus={() =>
          Promise.resolve(ok({ state: 'active' as const, url: 'https://news.example/', mentions: [] }))
        }
      />,
    );
    expect(screen.getByRole('heading', { name: 'Backstory' })).toBeTruthy();
    expect(screen.getByText('Version 0.1.0')).toBeTruthy();
    expect(await screen.findByText('Background ready: Backstory 0.1.0')).toBeTruthy();
    expect(await screen.findByText('Backstory is running on this page.')).toBeTruthy();
  });

  it('says so when the background cannot be reached', async () => {
    render(
      <PopupApp
        name="Backstory"
        version="0.1.0"
        ping={() => Promise.resolve(fail('Could not reach the background'))}
        tabStatus={() => Promise.resolve(fail('No tab is selected.'))}
      />,
    );
    expect(await screen.findByText(/Background unavailable: Could not reach the background/)).toBeTruthy();
    expect(await screen.findByText('Backstory is not running on this page.')).toBeTruthy();
  });
});
