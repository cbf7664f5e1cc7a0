// The big screen's first paint and weight (issue 8's figures: first paint < 2 s on the loopback
// server; the page with the map and all charts < 1.5 MB gzipped). Logs in as the system
// administrator, opens /bigscreen at 1920×1080 in Debian's Chromium with an empty cache, and
// reads the browser's own paint timings (first-paint, first-contentful-paint) and when the
// cards show their figures; sums every HTML/JS/CSS/JSON file fetched, each gzipped (level 6).
// Usage: node bench/web/bigscreen.mjs   (after `make build`)
import { gzipSync } from 'node:zlib'
import { startServer, launchBrowser, login } from '../../web/e2e/harness.mjs'

const server = await startServer({ cases: 400 })
const browser = await launchBrowser()
try {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const files = new Map()
  page.on('response', async (res) => {
    const url = new URL(res.url())
    if (url.pathname.startsWith('/api/')) return
    try {
      const body = await res.body()
      files.set(url.pathname, gzipSync(body, { level: 6 }).length)
    } catch {
      /* no body */
    }
  })
  await login(page, server, 'admin')
  const t0 = Date.now()
  await page.goto(`${server.url}/bigscreen`)
  await page.locator('[data-test=big-card-received] [data-test=dash-value]').waitFor()
  const cards = Date.now() - t0
  await page.waitForLoadState('networkidle')
  const paints = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, Math.round(e.startTime)])),
  )
  const gz = [...files.values()].reduce((a, b) => a + b, 0)
  console.log(`first-paint ${paints['first-paint']} ms, first-contentful-paint ${paints['first-contentful-paint']} ms, figures shown after ${cards} ms`)
  console.log(`files fetched from the login page to the big screen: ${files.size}, ${(gz / 1024).toFixed(1)} KiB gzipped`)
} finally {
  await browser.close()
  await server.stop()
}
