import { createContext, useContext, useSyncExternalStore } from "react";
import type { DashboardStore, Snapshot } from "./store";

export const StoreContext = createContext<DashboardStore | null>(null);

export function useStore(): DashboardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("StoreContext is missing");
  return store;
}

/** One slice of the dashboard's state; the component re-renders only when that slice changes. */
export function useSlice<K extends keyof Snapshot>(key: K): Snapshot[K] {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => store.snapshot[key]);
}
