// The browser tests' harness: a real `shenguan serve` on a fresh SQLite database with the Jinzhong
// demo data and a fixed clock, the built web app (web/dist), and Debian's Chromium driven by
// playwright-core. Nothing here downloads a browser.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const webDir = join(here, '..')
export const repoDir = join(webDir, '..')
export const outDir = join(here, 'out')

// The fixed "now" of every browser test (China time) and the demo's "today".
export const kNow = '2026-11-20T10:00:00+08:00'
export const kToday = '2026-11-20'

const bin = process.env.SHENGUAN_BIN ?? join(repoDir, 'build/release/shenguan')

// Starts a server on a new database with `cases` demo cases; returns {url, accounts, stop}.
// accounts maps a username to {password, role, agency, totp}.
export async function startServer({ cases = 400, seed = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shenguan-e2e-'))
  const db = `sqlite:${join(dir, 'e2e.db')}`
  const accountsFile = join(dir, 'accounts.txt')
  execFileSync(bin, ['migrate', '--db', db], { stdio: 'pipe' })
  execFileSync(bin, ['demo', '--db', db, '--cases', String(cases), '--seed', String(seed), '--today', kToday,
    '--accounts-file', accountsFile], { stdio: 'pipe' })
  const accounts = {}
  for (const line of readFileSync(accountsFile, 'utf8').split('\n')) {
    const [username, password, role, agency, totp] = line.split('\t')
    if (username) accounts[username] = { password, role, agency, totp: totp === '-' ? null : totp }
  }
  const startedAt = Date.now()
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--now', kNow,
    '--web-dir', join(webDir, 'dist'), '--webhook-senders', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`shenguan serve did not start:\n${output}`)), 30_000)
    const onData = (chunk) => {
      output += chunk
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`shenguan serve exited (${code}):\n${output}`)))
  })
  child.stdout.resume()
  child.stderr.resume()
  return {
    url,
    accounts,
    db,
    // The server's clock: --now keeps ticking from the moment the server started.
    now: () => new Date(new Date(kNow).getTime() + (Date.now() - startedAt)),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// Debian's Chromium, headless, with the flags this machine's closed network needs.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

// A TOTP code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) for a base32 secret at `at`.
export async function totpCode(secret, at) {
  const { createHmac } = await import('node:crypto')
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / 30)))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1] & 0xf
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(code).padStart(6, '0')
}

// Logs `username` in through the login page and waits for the app's frame.
export async function login(page, server, username) {
  const account = server.accounts[username]
  if (!account) throw new Error(`no demo account ${username}`)
  await page.goto(`${server.url}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', account.password)
  await page.click('[data-test=login-submit]')
  if (account.totp) {
    await page.waitForSelector('input[name=totp]')
    await page.fill('input[name=totp]', await totpCode(account.totp, server.now()))
    await page.click('[data-test=login-submit]')
  }
  await page.waitForSelector('[data-test=user-menu]')
}

export async function logout(page) {
  await page.click('[data-test=user-menu]')
  await page.click('[data-test=logout]')
  await page.waitForURL(/\/login/)
}

// Saves a screenshot to web/e2e/out/<name>.png (docs/screenshots/ keeps the ones that changed).
export async function screenshot(page, name) {
  mkdirSync(outDir, { recursive: true })
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: false })
}

// Picks `text` in an Element Plus select (or tree select) opened by clicking `selector`.
export async function choose(page, selector, text) {
  await page.click(selector)
  const option = page
    .locator('.el-select-dropdown:visible .el-select-dropdown__item, .el-select-dropdown:visible .el-tree-node__content, .el-popper:visible .el-select-dropdown__item')
    .filter({ hasText: text })
    .first()
  await option.click()
}

// Calls the API from the page, as the signed-in user (session cookie and CSRF token).
export async function apiFromPage(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await fetch('/api/v1/auth/me').then((r) => r.json())
      const res = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { method, path, body },
  )
}
