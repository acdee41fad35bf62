/** Number formats shared by the benchmark reports. */

/** Formats milliseconds for tables. */
export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** Formats a ratio: `3.2×`. */
export function times(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)}×`;
}

/** Formats a size in characters (or bytes): `250 kB`, `1.5 MB`. */
export function size(chars: number): string {
  return chars >= 1e6 ? `${+(chars / 1e6).toFixed(2)} MB` : `${+(chars / 1e3).toFixed(1)} kB`;
}
