import bundled, { fingerprint } from 'virtual:backstory-dataset';
import { describe, expect, it } from 'vitest';
import { datasetFingerprint } from '@/lib/dataset/fingerprint';
import { bundleFingerprint, rememberBundleFingerprint } from '@/lib/db/cache';

describe('the bundled dataset’s fingerprint', () => {
  it('as the build computed it, is what hashing the loaded bundle gives, and changes with its content', () => {
    const loaded = structuredClone(bundled); // another object: nothing remembered for it
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(bundleFingerprint(loaded)).toBe(fingerprint);
    loaded.entities[0]!.description += ' (corrected)';
    expect(datasetFingerprint(loaded)).not.toBe(fingerprint);
  });

  it('once remembered for a bundle, is not computed again', () => {
    const loaded = structuredClone(bundled);
    rememberBundleFingerprint(loaded, 'from-the-build');
    expect(bundleFingerprint(loaded)).toBe('from-the-build');
  });
});
