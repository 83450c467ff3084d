import { SampleRing } from "./ring";
import type {
  AlertMessage,
  CorrelationsMessage,
  PriceEntry,
  RiskSummaryMessage,
  RiskUpdate,
  ScorePoint,
  Severity,
  StreamMessage,
  WarningSummary,
} from "./types";

// Every history here is bounded, so a desk can leave the page open all day: the timeline keeps the last few minutes
// at one sample per interval, sparklines a minute, the feed a couple of hundred items.
export const TIMELINE_WINDOW_MS = 5 * 60_000;
const TIMELINE_SPACING_MS = 200;
const TIMELINE_CAPACITY = Math.ceil(TIMELINE_WINDOW_MS / TIMELINE_SPACING_MS) + 16;
const SPARK_SPACING_MS = 500;
const SPARK_CAPACITY = 120;
const FEED_CAPACITY = 200;
// Guards the pending queue while the tab is hidden and animation frames stop.
const PENDING_RISK_CAPACITY = 2_000;

export type ConnectionState = "connecting" | "open" | "reconnecting" | "offline";

export interface ConnectionInfo {
  state: ConnectionState;
  attempts: number;
  reconnects: number;
  retryAt: number | null;
  lastMessageAt: number | null;
  lastError: string | null;
}

export interface PriceTile {
  symbol: string;
  price: number;
  ret: number;
  z: number;
  volume: number;
  fired: string[];
  changePct: number | null;
  spark: number[];
  updatedAt: number;
}

export interface TimelineData {
  /** Changes whenever a sample is added; read the samples with `DashboardStore.timelineSeries`. */
  version: number;
  /** The newest sample's event time in milliseconds, or null before the first. */
  newest: number | null;
}

export interface TimelineSeries {
  composite: [number, number][];
  detectors: { name: string; data: [number, number][] }[];
}

export interface FeedItem {
  key: string;
  eventId: number | null;
  warningId: string;
  event: string;
  ts: string;
  severity: Severity;
  composite: number | null;
  summary: string;
  leaders: { detector: string; contribution: number }[];
  live: boolean;
  /** The report's title; null when the event carried no report. */
  title: string | null;
  /** Snake_case event type (`market_crash`); null from a service without classification. */
  eventType: string | null;
  /** `active`, `monitoring` or `resolved`; null when unknown. */
  status: string | null;
  probability: number | null;
  confidence: number | null;
}

export interface StreamStats {
  framesPerSecond: number;
  messagesPerSecond: number;
  uiFps: number;
  flushMs: number;
  /** Wall-clock time since the last frame arrived when the stats were taken (event time is the market's, not ours). */
  lastFrameAgeMs: number | null;
  protocolErrors: number;
  lastProtocolError: string | null;
}

export interface Snapshot {
  connection: ConnectionInfo;
  risk: RiskUpdate | null;
  timeline: TimelineData;
  prices: PriceTile[];
  correlations: CorrelationsMessage | null;
  /** The latest pushed risk-model summary (`risk`); the risk panels refresh their details when it moves. */
  riskSummary: RiskSummaryMessage | null;
  feed: FeedItem[];
  stats: StreamStats;
}

interface PriceHistory {
  latest: PriceEntry;
  ring: SampleRing;
  updatedAt: number;
}

function tsMillis(ts: string | undefined, tsNs: number | undefined): number {
  if (typeof tsNs === "number" && Number.isFinite(tsNs) && tsNs > 0) return tsNs / 1e6;
  const parsed = ts ? Date.parse(ts) : NaN;
  return Number.isFinite(parsed) ? parsed : Date.now();
}

/** Whether two times (ms) fall in the same interval of `spacing` ms; never for an empty ring's -Infinity. */
function sameInterval(a: number, b: number, spacing: number): boolean {
  return Number.isFinite(b) && Math.floor(a / spacing) === Math.floor(b / spacing);
}

/** The contract sends rows; a row-major flat array is accepted too, so either shape draws. */
function squareMatrix(message: CorrelationsMessage): CorrelationsMessage {
  const matrix = message.matrix as unknown[];
  const n = message.symbols.length;
  if (matrix.length === n * n && n > 1 && typeof matrix[0] !== "object") {
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push((matrix as number[]).slice(i * n, (i + 1) * n));
    return { ...message, matrix: rows };
  }
  return message;
}

/**
 * The dashboard's state. The stream hands messages in as they arrive; they wait in a pending buffer and are applied
 * once per animation frame, so 25 updates a second cost one render per frame at most, never one per message.
 * Panels read their own slice through `useSlice`, so a price tick does not re-render the heatmap.
 */
export class DashboardStore {
  private readonly listeners = new Set<() => void>();
  private pendingRisk: RiskUpdate[] = [];
  private pendingPrices = new Map<string, PriceEntry>();
  private pendingPricesTs = 0;
  private pendingCorrelations: CorrelationsMessage | null = null;
  private pendingRiskSummary: RiskSummaryMessage | null = null;
  private pendingAlerts: AlertMessage[] = [];
  private scheduled = false;
  private hiddenTimer: ReturnType<typeof setTimeout> | null = null;
  private frameHandle = 0;

  private readonly compositeRing = new SampleRing(TIMELINE_CAPACITY);
  private readonly detectorRings = new Map<string, SampleRing>();
  private readonly priceHistory = new Map<string, PriceHistory>();
  private readonly seenEvents = new Set<string>();
  private timelineVersion = 0;

  // Counters for the rates shown in the health panel.
  private frames = 0;
  private messages = 0;
  private painted = 0;
  private rateWindowStart = performance.now();
  private maxFlushMs = 0;
  private lastFrameAt: number | null = null;

  snapshot: Snapshot = {
    connection: {
      state: "connecting",
      attempts: 0,
      reconnects: 0,
      retryAt: null,
      lastMessageAt: null,
      lastError: null,
    },
    risk: null,
    timeline: { version: 0, newest: null },
    prices: [],
    correlations: null,
    riskSummary: null,
    feed: [],
    stats: {
      framesPerSecond: 0,
      messagesPerSecond: 0,
      uiFps: 0,
      flushMs: 0,
      lastFrameAgeMs: null,
      protocolErrors: 0,
      lastProtocolError: null,
    },
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  /** One WebSocket frame: a batch of messages. */
  acceptFrame(messages: StreamMessage[]): void {
    this.frames++;
    this.messages += messages.length;
    this.lastFrameAt = Date.now();
    for (const message of messages) {
      switch (message.type) {
        case "risk_update":
          this.pendingRisk.push(message);
          if (this.pendingRisk.length > PENDING_RISK_CAPACITY) this.pendingRisk.shift();
          break;
        case "prices":
          for (const p of message.prices) this.pendingPrices.set(p.symbol, p);
          this.pendingPricesTs = tsMillis(message.ts, message.ts_ns);
          break;
        case "correlations":
          this.pendingCorrelations = squareMatrix(message);
          break;
        case "risk":
          this.pendingRiskSummary = message;
          break;
        case "alert":
          this.pendingAlerts.push(message);
          if (this.pendingAlerts.length > FEED_CAPACITY) this.pendingAlerts.shift();
          break;
        case "error":
          this.protocolError(message.message);
          break;
        case "heartbeat":
          break;
      }
    }
    this.schedule();
  }

  protocolError(reason: string): void {
    const stats = this.snapshot.stats;
    this.snapshot = {
      ...this.snapshot,
      stats: { ...stats, protocolErrors: stats.protocolErrors + 1, lastProtocolError: reason },
    };
    this.emit();
  }

  setConnection(change: Partial<ConnectionInfo>): void {
    this.snapshot = { ...this.snapshot, connection: { ...this.snapshot.connection, ...change } };
    this.emit();
  }

  /** Warnings already stored when the page opens, oldest-first order not assumed. */
  seedWarnings(items: WarningSummary[]): void {
    const seeded: FeedItem[] = [];
    for (const w of items) {
      const key = `summary:${w.id}`;
      if (this.snapshot.feed.some((f) => f.warningId === w.id)) continue;
      seeded.push({
        key,
        eventId: null,
        warningId: w.id,
        event: w.state,
        ts: w.closed_at ?? w.opened_at,
        severity: w.state === "open" ? w.severity : w.peak_severity,
        composite: w.peak_composite,
        summary: w.summary,
        leaders: [],
        live: false,
        title: w.title ?? null,
        eventType: w.event_type ?? null,
        status: w.status ?? null,
        probability: w.probability ?? null,
        confidence: w.confidence ?? null,
      });
    }
    if (seeded.length === 0) return;
    const feed = [...this.snapshot.feed, ...seeded]
      .sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))
      .slice(0, FEED_CAPACITY);
    this.snapshot = { ...this.snapshot, feed };
    this.emit();
  }

  /**
   * Called on every animation frame; publishes the frame rate, the stream's rates and the slowest apply once a
   * second (so the numbers themselves cost one render a second).
   */
  recordPaint(): void {
    this.painted++;
    const now = performance.now();
    const elapsed = now - this.rateWindowStart;
    if (elapsed < 1000) return;
    const seconds = elapsed / 1000;
    this.snapshot = {
      ...this.snapshot,
      stats: {
        ...this.snapshot.stats,
        framesPerSecond: this.frames / seconds,
        messagesPerSecond: this.messages / seconds,
        uiFps: this.painted / seconds,
        flushMs: this.maxFlushMs,
        lastFrameAgeMs: this.lastFrameAt === null ? null : Date.now() - this.lastFrameAt,
      },
    };
    this.maxFlushMs = 0;
    this.frames = 0;
    this.messages = 0;
    this.painted = 0;
    this.rateWindowStart = now;
    this.emit();
  }

  /**
   * Stored score history (oldest first) from before the page opened: it goes in front of what the stream has
   * delivered since, so a reload shows the last few minutes at once. Points at or after the first live sample are
   * ignored.
   */
  seedTimeline(points: ScorePoint[]): void {
    if (points.length === 0) return;
    const liveComposite = this.compositeRing.pairs();
    const liveDetectors = new Map([...this.detectorRings].map(([name, ring]) => [name, ring.pairs()]));
    const firstLive = liveComposite[0]?.[0] ?? Infinity;
    this.compositeRing.clear();
    for (const ring of this.detectorRings.values()) ring.clear();
    for (const point of points) {
      const t = tsMillis(point.ts, point.ts_ns);
      if (!(t < firstLive)) break;
      const detectors = Object.entries(point.scores).map(([detector, score]) => ({ detector, score }));
      this.addSample(t, point.composite, detectors);
    }
    for (let i = 0; i < liveComposite.length; i++) {
      const [t, composite] = liveComposite[i]!;
      const detectors: { detector: string; score: number }[] = [];
      for (const [name, pairs] of liveDetectors) {
        // A detector that joined later has fewer samples; its samples are the newest ones.
        const pair = pairs[i - (liveComposite.length - pairs.length)];
        if (pair) detectors.push({ detector: name, score: pair[1] });
      }
      this.addSample(t, composite, detectors);
    }
    const newest = this.compositeRing.lastTime;
    this.compositeRing.trimBefore(newest - TIMELINE_WINDOW_MS);
    for (const ring of this.detectorRings.values()) ring.trimBefore(newest - TIMELINE_WINDOW_MS);
    this.timelineVersion++;
    this.snapshot = { ...this.snapshot, timeline: { version: this.timelineVersion, newest } };
    this.emit();
  }

  /**
   * The timeline's samples as chart data. Built on demand (the chart asks a few times a second) rather than on every
   * update, so a busy stream does not allocate thousands of points per frame.
   */
  timelineSeries(): TimelineSeries {
    return {
      composite: this.compositeRing.pairs(),
      detectors: [...this.detectorRings.entries()].map(([name, ring]) => ({ name, data: ring.pairs() })),
    };
  }

  dispose(): void {
    if (this.frameHandle) cancelAnimationFrame(this.frameHandle);
    if (this.hiddenTimer) clearTimeout(this.hiddenTimer);
    this.frameHandle = 0;
    this.hiddenTimer = null;
    this.scheduled = false;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Animation frames stop in a hidden tab; a slow timer keeps the state current (and the buffers small) there.
    if (typeof document !== "undefined" && document.hidden) {
      this.hiddenTimer = setTimeout(() => this.flush(), 1000);
    } else {
      this.frameHandle = requestAnimationFrame(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    this.frameHandle = 0;
    this.hiddenTimer = null;
    const started = performance.now();
    let next = this.snapshot;

    if (this.pendingRisk.length > 0) {
      const risks = this.pendingRisk;
      this.pendingRisk = [];
      for (const risk of risks) this.addTimelineSample(risk);
      const latest = risks[risks.length - 1]!;
      const newest = this.compositeRing.lastTime;
      this.compositeRing.trimBefore(newest - TIMELINE_WINDOW_MS);
      for (const ring of this.detectorRings.values()) ring.trimBefore(newest - TIMELINE_WINDOW_MS);
      this.timelineVersion++;
      next = {
        ...next,
        risk: latest,
        timeline: { version: this.timelineVersion, newest },
      };
    }

    if (this.pendingPrices.size > 0) {
      const at = this.pendingPricesTs;
      for (const entry of this.pendingPrices.values()) this.addPrice(entry, at);
      this.pendingPrices.clear();
      next = { ...next, prices: this.buildTiles() };
    }

    if (this.pendingCorrelations) {
      next = { ...next, correlations: this.pendingCorrelations };
      this.pendingCorrelations = null;
    }

    if (this.pendingRiskSummary) {
      next = { ...next, riskSummary: this.pendingRiskSummary };
      this.pendingRiskSummary = null;
    }

    if (this.pendingAlerts.length > 0) {
      const alerts = this.pendingAlerts;
      this.pendingAlerts = [];
      const fresh: FeedItem[] = [];
      for (const alert of alerts) {
        const w = alert.warning;
        const key = `event:${alert.event_id}`;
        if (this.seenEvents.has(key)) continue;
        this.seenEvents.add(key);
        fresh.push({
          key,
          eventId: alert.event_id,
          warningId: w.id,
          event: w.event,
          ts: w.ts,
          severity: w.event === "closed" ? w.peak_severity : w.severity,
          composite: w.composite,
          summary: w.summary,
          leaders: (w.contributions ?? [])
            .slice(0, 3)
            .map((c) => ({ detector: c.detector, contribution: c.contribution })),
          live: true,
          title: w.title ?? null,
          eventType: w.event_type ?? null,
          status: w.status ?? null,
          probability: w.probability ?? null,
          confidence: w.confidence ?? null,
        });
      }
      if (fresh.length > 0) {
        fresh.reverse();
        const feed = [...fresh, ...next.feed].slice(0, FEED_CAPACITY);
        // Forget ids that fell off the feed so the set stays as small as the feed.
        const kept = new Set(feed.map((f) => f.key));
        for (const key of this.seenEvents) if (!kept.has(key)) this.seenEvents.delete(key);
        next = { ...next, feed };
      }
    }

    this.maxFlushMs = Math.max(this.maxFlushMs, performance.now() - started);
    this.snapshot = next;
    this.emit();
  }

  private addTimelineSample(risk: RiskUpdate): void {
    this.addSample(tsMillis(risk.ts, risk.ts_ns), risk.composite, risk.detectors);
  }

  private addSample(t: number, composite: number, detectors: { detector: string; score: number }[]): void {
    // One sample per spacing interval keeps five minutes to about 1,500 points whatever the update rate: a sample in
    // the same interval as the newest replaces it. (Measuring from the newest sample's time instead would never
    // reach the spacing at 25 Hz, since each replacement moves that time forward.)
    const replace = sameInterval(t, this.compositeRing.lastTime, TIMELINE_SPACING_MS);
    if (t < this.compositeRing.lastTime - 1000) {
      // Event time went backwards (a restart, a replay): start the history again.
      this.compositeRing.clear();
      for (const ring of this.detectorRings.values()) ring.clear();
    }
    if (replace) this.compositeRing.replaceLast(t, composite);
    else this.compositeRing.push(t, composite);
    for (const d of detectors) {
      let ring = this.detectorRings.get(d.detector);
      if (!ring) {
        ring = new SampleRing(TIMELINE_CAPACITY);
        this.detectorRings.set(d.detector, ring);
      }
      const score = Number.isFinite(d.score) ? d.score : 0;
      if (replace && ring.length > 0) ring.replaceLast(t, score);
      else ring.push(t, score);
    }
  }

  private addPrice(entry: PriceEntry, at: number): void {
    let history = this.priceHistory.get(entry.symbol);
    if (!history) {
      history = { latest: entry, ring: new SampleRing(SPARK_CAPACITY), updatedAt: at };
      this.priceHistory.set(entry.symbol, history);
    }
    history.latest = entry;
    history.updatedAt = at;
    if (!Number.isFinite(entry.price)) return;
    if (at < history.ring.lastTime - 1000) history.ring.clear();
    if (sameInterval(at, history.ring.lastTime, SPARK_SPACING_MS)) history.ring.replaceLast(at, entry.price);
    else history.ring.push(at, entry.price);
  }

  private buildTiles(): PriceTile[] {
    const tiles: PriceTile[] = [];
    for (const [symbol, h] of this.priceHistory) {
      const first = h.ring.first();
      tiles.push({
        symbol,
        price: h.latest.price,
        ret: h.latest.return,
        z: h.latest.z,
        volume: h.latest.volume,
        fired: h.latest.fired ?? [],
        changePct: first && first !== 0 ? ((h.latest.price - first) / Math.abs(first)) * 100 : null,
        spark: h.ring.valueList(),
        updatedAt: h.updatedAt,
      });
    }
    return tiles;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
