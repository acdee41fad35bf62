/**
 * The reader's settings: typed storage items with defaults and versions (WXT storage, in
 * `storage.local` so they survive updates and dataset reloads). Every context reads them directly.
 * Extension pages follow changes through storage change events; open tabs hear of them from the
 * background's `settingsChanged` message, which it sends when storage tells it of a change.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { CATEGORIES, type Category } from './dataset/schema.ts';
import { DEFAULT_HIGHLIGHT_COLORS } from './highlight/styles.ts';

/** How highlights are drawn. */
export type Renderer = 'highlight-api' | 'inline-marks';
export const RENDERERS: readonly Renderer[] = ['highlight-api', 'inline-marks'];
/** Which colour scheme the card and pages use. */
export type ColorScheme = 'system' | 'light' | 'dark';
export const COLOR_SCHEMES: readonly ColorScheme[] = ['system', 'light', 'dark'];

export const HOVER_DELAY_MIN_MS = 150; // below the intent delay a card would flash on every pass
export const HOVER_DELAY_MAX_MS = 3000;

/** Every setting, as the code reads them. */
export interface Settings {
  enabled: boolean;
  /** Hostnames ("news.example.com") or wildcards ("*.example.com") where Backstory stays off. */
  disabledSites: string[];
  categories: Record<Category, boolean>;
  firstMentionOnly: boolean;
  renderer: Renderer;
  /** Minimum time from the pointer arriving on a name to the card showing (Page Previews: 500 ms). */
  hoverDelayMs: number;
  colorScheme: ColorScheme;
  highlightColors: Record<Category, string>;
}

const hexColor = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i));
const categoryRecord = <T extends v.GenericSchema>(schema: T) =>
  v.strictObject(Object.fromEntries(CATEGORIES.map((category) => [category, schema])) as Record<Category, T>);

/** Schemas for stored values: anything else (a corrupted or hand-edited value) falls back to the default. */
export const SETTING_SCHEMAS = {
  enabled: v.boolean(),
  disabledSites: v.pipe(v.array(v.pipe(v.string(), v.maxLength(253))), v.maxLength(10_000)),
  categories: categoryRecord(v.boolean()),
  firstMentionOnly: v.boolean(),
  renderer: v.picklist(RENDERERS),
  hoverDelayMs: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(HOVER_DELAY_MIN_MS),
    v.maxValue(HOVER_DELAY_MAX_MS),
  ),
  colorScheme: v.picklist(COLOR_SCHEMES),
  highlightColors: categoryRecord(hexColor),
} satisfies { [K in keyof Settings]: v.GenericSchema<Settings[K]> };

/** All the settings at once, as the `settingsChanged` message carries them. */
export const settingsSchema = v.strictObject(SETTING_SCHEMAS);

/** Settings are kept in storage.local under `settings.<name>`. */
const STORAGE_PREFIX = 'settings.';

/** True for the storage.local keys settings are kept under. */
export function isSettingStorageKey(key: string): boolean {
  return key.startsWith(STORAGE_PREFIX);
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  enabled: true,
  disabledSites: [],
  categories: { person: true, organization: true, place: true, topic: true },
  firstMentionOnly: false,
  renderer: 'highlight-api',
  hoverDelayMs: 500,
  colorScheme: 'system',
  highlightColors: { ...DEFAULT_HIGHLIGHT_COLORS },
};

const define = <K extends keyof Settings>(key: K) =>
  storage.defineItem<Settings[K]>(`local:${STORAGE_PREFIX}${key}`, {
    fallback: DEFAULT_SETTINGS[key],
    version: 1,
  });

/** One storage item per setting, so a change to one never races a change to another. */
export const SETTING_ITEMS = {
  enabled: define('enabled'),
  disabledSites: define('disabledSites'),
  categories: define('categories'),
  firstMentionOnly: define('firstMentionOnly'),
  renderer: define('renderer'),
  hoverDelayMs: define('hoverDelayMs'),
  colorScheme: define('colorScheme'),
  highlightColors: define('highlightColors'),
};

const KEYS = Object.keys(SETTING_ITEMS) as (keyof Settings)[];

function sanitise<K extends keyof Settings>(key: K, value: unknown): Settings[K] {
  const parsed = v.safeParse(SETTING_SCHEMAS[key] as unknown as v.GenericSchema<Settings[K]>, value);
  return parsed.success ? parsed.output : structuredClone(DEFAULT_SETTINGS[key]);
}

/** All settings, each valid (invalid stored values read as their default). */
export async function loadSettings(): Promise<Settings> {
  const values = await storage.getItems(KEYS.map((key) => SETTING_ITEMS[key]));
  const settings = { ...DEFAULT_SETTINGS } as Settings;
  values.forEach(({ value }, i) => {
    const key = KEYS[i]!;
    (settings as unknown as Record<string, unknown>)[key] = sanitise(key, value);
  });
  return settings;
}

/** Saves one setting after checking it; throws with the setting's name if the value is invalid. */
export async function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  const parsed = v.safeParse(SETTING_SCHEMAS[key] as unknown as v.GenericSchema<Settings[K]>, value);
  if (!parsed.success) throw new Error(`Invalid value for setting "${key}"`);
  // Each item is typed by its own key; TypeScript cannot correlate the union, so widen once here.
  await (SETTING_ITEMS[key] as unknown as { setValue(value: Settings[K]): Promise<void> }).setValue(
    parsed.output,
  );
}

/** Calls `onChange` with all settings whenever any of them changes. Returns the unsubscribe function. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  const unwatch = KEYS.map((key) => SETTING_ITEMS[key].watch(() => void loadSettings().then(onChange)));
  return () => unwatch.forEach((stop) => stop());
}
