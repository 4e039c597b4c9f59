// Vite build of the marketplace SPA. No React plugin: esbuild compiles JSX with the automatic runtime.
// The client shares the server's zod contract types through `@waooaw/server/contracts` (types only).
// Text assets are precompressed at build (brotli and gzip siblings) so the server never compresses
// at request time; see docs/decisions/0033.
import { defineConfig, type PluginOption } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = (path: string): string => decodeURIComponent(new URL(path, import.meta.url).pathname);

export default defineConfig({
  root: here('.'),
  esbuild: { jsx: 'automatic', jsxImportSource: 'react' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  plugins: [
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: [/\.(js|mjs|css|html|svg|json)$/],
      threshold: 1024,
      // The plugin is typed against the workspace root's vite; the build runs this package's vite 7.
    }) as unknown as PluginOption,
  ],
  // `npm run dev -w packages/web` proxies the API to a platform started with `npm start`.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000' } } },
});
