// The built front end's initial load, gzipped: every HTML, JS and CSS file Chromium fetches for
// (1) the login page, and (2) logging in and landing on the to-do page, and (3) the case list,
// each file's body gzipped (zlib level 6, what a web server sends). Issue 7's figure: < 1 MB.
// Usage: node bench/web/initial-load.mjs   (after `make build`; uses web/e2e/harness.mjs)
import { gzipSync } from 'node:zlib'
import { startServer, launchBrowser, login } from '../../web/e2e/harness.mjs'

const server = await startServer({ cases: 200 })
const browser = await launchBrowser()
try {
  const page = await browser.newPage()
  const seen = new Map()
  page.on('response', async (res) => {
    const url = new URL(res.url())
    if (url.pathname.startsWith('/api/')) return
    try {
      const body = await res.body()
      seen.set(url.pathname, { raw: body.length, gz: gzipSync(body, { level: 6 }).length })
    } catch {
      /* redirects have no body */
    }
  })
  const total = () => [...seen.values()].reduce((a, f) => ({ raw: a.raw + f.raw, gz: a.gz + f.gz, n: a.n + 1 }), { raw: 0, gz: 0, n: 0 })
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`
  await page.goto(`${server.url}/login`)
  await page.waitForLoadState('networkidle')
  const loginPage = total()
  await login(page, server, 'jzzy_clerk')
  await page.waitForLoadState('networkidle')
  const todo = total()
  await page.goto(`${server.url}/workbench/cases`)
  await page.waitForLoadState('networkidle')
  const list = total()
  console.log(`login page:        ${loginPage.n} files, ${kb(loginPage.raw)} raw, ${kb(loginPage.gz)} gzipped`)
  console.log(`+ login → to-do:   ${todo.n} files, ${kb(todo.raw)} raw, ${kb(todo.gz)} gzipped`)
  console.log(`+ case list (reload): ${list.n} files, ${kb(list.raw)} raw, ${kb(list.gz)} gzipped`)
  const largest = [...seen.entries()].sort((a, b) => b[1].gz - a[1].gz).slice(0, 5)
  for (const [path, f] of largest) console.log(`  ${path}: ${kb(f.gz)} gzipped`)
} finally {
  await browser.close()
  await server.stop()
}
