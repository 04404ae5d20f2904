import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: {
    // Must match the port in VITE_WORKOS_REDIRECT_URI.
    port: 5173,
    strictPort: true,
  },
});
