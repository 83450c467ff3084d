import { createContext, useContext } from "react";
import type { Severity } from "./types";

export type ThemeName = "dark" | "light";

const STORAGE_KEY = "vigil.theme";

/** The theme the user chose last time, else the system's preference, else dark (a desk screen). */
export function initialTheme(): ThemeName {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === "dark" || stored === "light") return stored;
  } catch {
    // Storage can be disabled; the default is fine.
  }
  return window.matchMedia?.("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

export function rememberTheme(theme: ThemeName): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered, still applied.
  }
  document.documentElement.dataset.theme = theme;
}

/** Colours the canvas-drawn charts need (CSS variables cover the rest). */
export interface Palette {
  text: string;
  muted: string;
  grid: string;
  panel: string;
  track: string;
  accent: string;
  composite: string;
  neutralCell: string;
  positive: string;
  negative: string;
  up: string;
  down: string;
  detectors: string[];
}

const detectorColours = ["#4e9af1", "#a77cf2", "#2bb3a4", "#d9a63a", "#e57ab3", "#7fb04a", "#f08a5d", "#8aa1c1"];

export const palettes: Record<ThemeName, Palette> = {
  dark: {
    text: "#d8dee9",
    muted: "#8a94a6",
    grid: "#263041",
    panel: "#151b26",
    track: "#222b3a",
    accent: "#4e9af1",
    composite: "#f5f7fa",
    neutralCell: "#1b2230",
    positive: "#e5484d",
    negative: "#3b82f6",
    up: "#26a269",
    down: "#e5484d",
    detectors: detectorColours,
  },
  light: {
    text: "#1d2433",
    muted: "#5e6a7d",
    grid: "#e3e7ee",
    panel: "#ffffff",
    track: "#e8ecf2",
    accent: "#1f6fd1",
    composite: "#111827",
    neutralCell: "#f4f6f9",
    positive: "#d93036",
    negative: "#2563eb",
    up: "#1a7f4b",
    down: "#d93036",
    detectors: detectorColours,
  },
};

/** Severity colours: ELEVATED yellow, HIGH orange, SEVERE red, EXTREME dark red. */
export const severityColours: Record<Severity, string> = {
  NONE: "#2faa75",
  ELEVATED: "#e8c21e",
  HIGH: "#f08a24",
  SEVERE: "#e5484d",
  EXTREME: "#9b1116",
};

/**
 * The composite scores at which each severity starts (the engine's default warning levels: 0.6, 0.7, 0.8, 0.9), for
 * the gauge's bands and the timeline's threshold lines.
 */
export const severityLevels: { severity: Severity; from: number }[] = [
  { severity: "ELEVATED", from: 0.6 },
  { severity: "HIGH", from: 0.7 },
  { severity: "SEVERE", from: 0.8 },
  { severity: "EXTREME", from: 0.9 },
];

export function bandFor(composite: number): Severity {
  let band: Severity = "NONE";
  for (const level of severityLevels) if (composite >= level.from) band = level.severity;
  return band;
}

export const ThemeContext = createContext<ThemeName>("dark");

export function usePalette(): Palette {
  return palettes[useContext(ThemeContext)];
}
