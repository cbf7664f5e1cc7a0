/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Element Plus is imported per component (with its style) by the resolver, never as a whole.
// `shenguan serve --web-dir web/dist` serves the build; `npm run dev` proxies the API to a
// server on SHENGUAN_API (default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: { '/api': process.env.SHENGUAN_API ?? 'http://127.0.0.1:8080' },
  },
  // Every page is its own chunk (lazy routes); Element Plus parts go with the pages that use them.
  // ECharts (with zrender) is one named chunk that only the dashboard and the big screen load;
  // it is larger than the warning limit by nature (224 KiB gzipped), so the limit allows it.
  build: {
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
