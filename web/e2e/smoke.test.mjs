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
