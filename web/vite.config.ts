import { defineConfig } from "vite";

// The server's build runs `npm run build`, which writes the bundle into the server's wwwroot (see
// src/Vigil.Server/Vigil.Server.csproj). `npm run dev` proxies the API and the stream to a running `vigil serve`.
const target = process.env.VIGIL_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  base: "/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: process.env.VIGIL_WWWROOT ?? "../src/Vigil.Server/wwwroot",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": target,
      "/ws": { target, ws: true },
    },
  },
});
