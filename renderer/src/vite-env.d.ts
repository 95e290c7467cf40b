// Vite's client types (CSS and asset imports) for the renderer.
/// <reference types="vite/client" />
