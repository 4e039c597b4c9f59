// Vite build of the marketplace SPA. No React plugin: esbuild compiles JSX with the automatic runtime.
// `@contracts` points at the server's zod contracts so the client shares their types (types only).
import { defineConfig } from 'vite';

const here = (path: string): string => decodeURIComponent(new URL(path, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  resolve: { alias: { '@contracts': here('../server/src/api/contracts.ts') } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // `npm run dev -w packages/web` proxies the API to a platform started with `npm start`.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000' } } },
});
