// Builds the renderer into dist/renderer/ for the desktop app (app://) and web mode (timed --ui). Relative
// asset paths so both hosts serve the same files; no inline scripts or styles, so the strict CSP holds.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react()],
  build: {
    outDir: "../dist/renderer",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: true,
    target: "es2022",
  },
});
