import type { DashboardStore } from "./store";
import type { StreamMessage } from "./types";

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;
// The server sends at least a heartbeat every few seconds; silence this long means the connection is dead even if
// the socket has not noticed (a sleeping laptop, a dropped proxy).
const SILENCE_LIMIT_MS = 20_000;

function streamUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/stream`;
}

/**
 * The `/ws/stream` connection: parses each frame (a JSON array of messages) into the store, reconnects with
 * exponential backoff and jitter when the socket closes or goes silent, and reports its state for the header.
 */
export class StreamClient {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private reconnects = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private stopped = false;

  constructor(
    private readonly store: DashboardStore,
    private readonly url: string = streamUrl(),
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
    this.watchdog = setInterval(() => this.checkSilence(), 2_000);
    window.addEventListener("online", this.onOnline);
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
    this.detach()?.close(1000, "page closed");
    this.store.setConnection({ state: "offline", retryAt: null });
  }

  private readonly onOnline = (): void => {
    // The network is back: try now rather than waiting out the backoff.
    if (this.socket === null && !this.stopped) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.open();
    }
  };

  private open(): void {
    this.attempts++;
    this.store.setConnection({
      state: this.reconnects > 0 || this.attempts > 1 ? "reconnecting" : "connecting",
      attempts: this.attempts,
      retryAt: null,
    });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.scheduleRetry(String(error));
      return;
    }
    this.socket = socket;
    this.lastMessageAt = Date.now();
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempts = 0;
      this.store.setConnection({ state: "open", attempts: 0, retryAt: null, lastError: null });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      this.lastMessageAt = Date.now();
      this.handleFrame(event.data);
    };
    socket.onerror = () => {
      // A close always follows; the retry is scheduled there.
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.detach();
      if (this.stopped) return;
      this.reconnects++;
      this.store.setConnection({ reconnects: this.reconnects });
      this.scheduleRetry(event.reason || `closed (${event.code})`);
    };
  }

  private handleFrame(data: unknown): void {
    if (typeof data !== "string") {
      this.store.protocolError("binary frame ignored");
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.store.protocolError("frame is not JSON");
      return;
    }
    const batch = Array.isArray(parsed) ? parsed : [parsed];
    const messages: StreamMessage[] = [];
    for (const item of batch) {
      if (item && typeof item === "object" && typeof (item as { type?: unknown }).type === "string") {
        messages.push(item as StreamMessage);
      }
    }
    if (messages.length > 0) {
      this.store.acceptFrame(messages);
    }
    // The header's "last update" ticks with every frame, but only once a second is worth a render.
    const now = Date.now();
    const last = this.store.snapshot.connection.lastMessageAt ?? 0;
    if (now - last >= 1000) this.store.setConnection({ lastMessageAt: now });
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped) return;
    const exponent = Math.min(this.attempts, 10);
    const base = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** exponent);
    // Full jitter around the upper half keeps many open dashboards from reconnecting in lockstep after a restart.
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.store.setConnection({ state: "reconnecting", retryAt: Date.now() + delay, lastError: reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private checkSilence(): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN && Date.now() - this.lastMessageAt > SILENCE_LIMIT_MS) {
      const socket = this.detach();
      socket?.close(4000, "silent");
      this.reconnects++;
      this.store.setConnection({ reconnects: this.reconnects });
      this.scheduleRetry("no data for 20 s");
    }
  }

  /** Forgets the current socket (its handlers then ignore late events) and returns it. */
  private detach(): WebSocket | null {
    const socket = this.socket;
    this.socket = null;
    return socket;
  }
}
