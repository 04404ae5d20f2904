import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { tanstackRouter } from '@tanstack/router-plugin/vite';

export default defineConfig({
  // The router plugin writes src/routeTree.gen.ts from the files in src/routes.
  plugins: [tanstackRouter({ target: 'react' }), react()],
  server: {
    // Must match the port in VITE_WORKOS_REDIRECT_URI.
    port: 5173,
    strictPort: true,
  },
});
