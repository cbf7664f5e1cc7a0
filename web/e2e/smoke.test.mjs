// The frame every page stands on: the login page, a wrong password's message, the left menu and
// the user menu in Chinese, a page refresh keeping the session, log out, and the SPA fallback.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, login, logout } from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer({ cases: 200 })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a wrong password is refused with a Chinese message; the right one opens the app', async () => {
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${server.url}/workbench/cases`)
  await page.waitForURL(/\/login\?redirect=/)
  await page.fill('input[name=username]', 'jzzy_clerk')
  await page.fill('input[name=password]', 'not-the-password')
  await page.click('[data-test=login-submit]')
  const error = await page.textContent('[data-test=login-error]')
  assert.match(error, /用户名或密码错误/)
  await login(page, server, 'jzzy_clerk')
  assert.match(await page.textContent('.el-menu'), /案件工作台/)
  // A reload keeps the session (the cookie) and the page.
  await page.reload()
  await page.waitForSelector('[data-test=user-menu]')
  assert.match(await page.textContent('[data-test=user-menu]'), /赵颖倩/)
  await logout(page)
  await page.close()
})

test('an administrator with TOTP logs in with a code and sees the administration menu', async () => {
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  await login(page, server, 'admin')
  assert.match(await page.textContent('.el-menu'), /系统管理/)
  await page.close()
})

test('a clerk sees no audit, token or role administration, and an admin page answers 无权访问', async () => {
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  await login(page, server, 'jzzy_clerk')
  const menu = await page.textContent('.el-menu')
  assert.match(menu, /期限计算器/)
  assert.doesNotMatch(menu, /审计日志|API 令牌|角色权限/)
  await page.goto(`${server.url}/admin/audit`)
  await page.waitForSelector('text=无权访问')
  await page.close()
})

test("the audit log's actor filter finds a person by name on the server, keeps the choice, and filters by it", async () => {
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  // The court's administrator (admin's code was spent above: a TOTP code is taken once).
  await login(page, server, 'jzzy_admin')
  await page.goto(`${server.url}/admin/audit`)
  await page.waitForSelector('[data-test=admin-audit-table] .el-table__row')
  // Typed, not picked from a list of everyone: the options come from GET /users?q=.
  const asked = page.waitForRequest((r) => r.url().includes('/api/v1/users?') && r.url().includes('q='))
  await page.click('[data-test=admin-audit-actor]')
  await page.keyboard.type('赵颖倩')
  await asked
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: 'jzzy_clerk' })
  await option.first().click()
  assert.match(await page.textContent('[data-test=admin-audit-actor]'), /赵颖倩/)
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('actor_id='))
  await page.click('[data-test=admin-audit-search]')
  await listed
  await page.waitForTimeout(300)
  // jzzy_clerk logged in in the first test: the log holds it, and nothing of anyone else.
  const actors = await page.locator('[data-test=admin-audit-table] .el-table__row td:nth-child(4)').allTextContents()
  assert.ok(actors.length > 0)
  for (const a of actors) assert.match(a, /jzzy_clerk/)  // the log names the login
  await page.close()
})
