import { useEffect, useMemo, useState } from "react";
import { api } from "./api";
import { ContagionNetwork } from "./components/ContagionNetwork";
import { CorrelationHeatmap } from "./components/CorrelationHeatmap";
import { Header } from "./components/Header";
import { PipelineHealth } from "./components/PipelineHealth";
import { PriceTiles } from "./components/PriceTiles";
import { RunsPanel } from "./components/RunsPanel";
import { ScenarioControls } from "./components/ScenarioControls";
import { StressGauge } from "./components/StressGauge";
import { Timeline } from "./components/Timeline";
import { WarningsFeed } from "./components/WarningsFeed";
import { StoreContext } from "./context";
import { CissPanel } from "./risk/CissPanel";
import { CreditPanel } from "./risk/CreditPanel";
import { ModelsPanel } from "./risk/ModelsPanel";
import { OptionsPanel } from "./risk/OptionsPanel";
import { StructurePanel } from "./risk/StructurePanel";
import { VarPanel } from "./risk/VarPanel";
import { DashboardStore, TIMELINE_WINDOW_MS } from "./store";
import { StreamClient } from "./stream";
import { initialTheme, rememberTheme, ThemeContext, type ThemeName } from "./theme";
import type { InstrumentInfo } from "./types";

export function App() {
  const store = useMemo(() => new DashboardStore(), []);
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const [instruments, setInstruments] = useState<Map<string, InstrumentInfo>>(() => new Map());

  useEffect(() => rememberTheme(theme), [theme]);

  // The live stream, and the page's frame counter (one callback per frame; the health panel shows the rate).
  useEffect(() => {
    const client = new StreamClient(store);
    client.start();
    let frame = 0;
    const tick = () => {
      store.recordPaint();
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      client.stop();
      store.dispose();
    };
  }, [store]);

  // Reference data: instrument names and classes, and the warnings already stored. Neither is needed to go live.
  useEffect(() => {
    const abort = new AbortController();
    api
      .instruments(abort.signal)
      .then((list) => setInstruments(new Map(list.map((i) => [i.symbol, i]))))
      .catch(() => undefined);
    api
      .warnings(50, abort.signal)
      .then((page) => store.seedWarnings(page.items))
      .catch(() => undefined);
    return () => abort.abort();
  }, [store]);

  // The timeline's last few minutes from the store, fetched once the stream says what "now" is in event time.
  useEffect(() => {
    const abort = new AbortController();
    let requested = false;
    const unsubscribe = store.subscribe(() => {
      const risk = store.snapshot.risk;
      if (requested || !risk) return;
      requested = true;
      const to = Date.parse(risk.ts);
      if (!Number.isFinite(to)) return;
      api
        .scoreHistory(new Date(to - TIMELINE_WINDOW_MS).toISOString(), risk.ts, 10_000, abort.signal)
        .then((page) => store.seedTimeline(page.items))
        .catch(() => undefined);
    });
    return () => {
      unsubscribe();
      abort.abort();
    };
  }, [store]);

  return (
    <StoreContext.Provider value={store}>
      <ThemeContext.Provider value={theme}>
        <div className="app">
          <Header theme={theme} onToggleTheme={() => setTheme((t) => (t === "dark" ? "light" : "dark"))} />
          <main className="grid">
            <StressGauge />
            <Timeline />
            <ScenarioControls />
            <PriceTiles instruments={instruments} />
            <CorrelationHeatmap />
            <ContagionNetwork instruments={instruments} />
            <WarningsFeed />
            <RunsPanel />
            <CissPanel />
            <VarPanel />
            <StructurePanel />
            <CreditPanel />
            <OptionsPanel />
            <ModelsPanel />
            <PipelineHealth />
          </main>
        </div>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}
