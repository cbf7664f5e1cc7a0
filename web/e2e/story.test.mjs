// The path, end to end in Chromium against the real server: a hotline clerk creates a
// complaint (a wrong USCC is caught by the server's validation and corrected), accepts it within
// its limit and transfers it to the market regulation bureau's IP enforcement unit; a clerk there
// accepts it from the inbox and sees both cases in the chain. The unit's approver, who may not
// transfer, sees no transfer button, and the API refuses the call when made directly.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launchBrowser, login, logout, choose, apiFromPage, screenshot } from './harness.mjs'

let server
let browser
let page
before(async () => {
  server = await startServer({ cases: 400 })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.setDefaultTimeout(15_000)
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

const kTitle = '晋中某商贸有限公司销售假冒注册商标白酒投诉'
const kUnit = '晋中市市场监督管理局知识产权执法中队'
let complaintUrl
let penaltyUrl

test('a hotline clerk creates a complaint; a wrong USCC shows its field error until corrected', async () => {
  await login(page, server, 'jz12345_clerk')
  await page.goto(`${server.url}/workbench/cases/new`)
  await page.click('[data-test=new-case-kind-complaint]')
  await page.fill('[data-test=new-case-title] input, input[data-test=new-case-title]', kTitle)
  await page.click('[data-test=new-case-add-party]')
  await page.locator('[data-test=party-type-0]').getByText(/组织/).click()
  await choose(page, '[data-test=party-role-0]', '被投诉人')
  await page.fill('[data-test=party-name-0] input, input[data-test=party-name-0]', '晋中某商贸有限公司')
  const uscc = page.locator('[data-test=party-uscc-0] input, input[data-test=party-uscc-0]').first()
  await uscc.fill('91110000802100433A')
  await uscc.blur()
  const usccItem = page.locator('.el-form-item', { has: uscc })
  await usccItem.locator('.el-form-item__error').filter({ hasText: /校验/ }).waitFor()
  await uscc.fill('91110000802100433B')
  await uscc.blur()
  await usccItem.locator('.el-form-item__error').waitFor({ state: 'detached' })
  await page.click('[data-test=new-case-submit]')
  await page.waitForURL(/\/workbench\/cases\/\d+$/)
  complaintUrl = page.url()
  await page.getByText(kTitle).first().waitFor()
})

test('the clerk accepts it within its limit', async () => {
  const badge = page.locator('[data-test=deadline-badge]')
  assert.equal(await badge.getAttribute('data-level'), 'normal')
  await page.click('[data-test=action-accept]')
  await page.locator('[data-test=action-dialog]').waitFor()
  await page.click('[data-test=action-submit]')
  await page.locator('[data-test=action-dialog]').waitFor({ state: 'hidden' })
  await page.locator('[data-test=action-accept]').waitFor({ state: 'detached' })
  await screenshot(page, 'case-detail')
})

test('the clerk transfers it to the enforcement unit', async () => {
  await page.click('[data-test=transfer-button]')
  await page.locator('[data-test=transfer-dialog]').waitFor()
  await choose(page, '[data-test=transfer-agency]', kUnit)
  await choose(page, '[data-test=transfer-kind]', '行政处罚')
  await page.fill('[data-test=transfer-reason] textarea, textarea[data-test=transfer-reason]', '涉嫌销售假冒注册商标的商品，移送立案查处')
  await page.click('[data-test=transfer-submit]')
  await page.locator('[data-test=transfer-dialog]').waitFor({ state: 'hidden' })
  await logout(page)
})

test('a clerk of the unit accepts it from the inbox, as another user, and sees the chain', async () => {
  await login(page, server, 'jzzfd_clerk')
  await page.goto(`${server.url}/workbench/transfers`)
  // The demo's own hand-overs were all answered: the only pending one is ours.
  const accept = page.locator('[data-test=inbox-table] [data-test^=inbox-accept-]')
  await accept.first().waitFor()
  assert.equal(await accept.count(), 1)
  await accept.first().click()
  // Element Plus asks to confirm with a message box when the page does.
  const confirm = page.locator('.el-message-box__btns .el-button--primary')
  if (await confirm.isVisible().catch(() => false)) await confirm.click()
  await page.locator('.el-message--success').first().waitFor()
  // The receiving case: open it from the row, then its chain.
  await page.goto(`${server.url}/workbench/cases?q=${encodeURIComponent('晋中某商贸')}`)
  await page.locator('[data-test=case-table] .el-table__row').filter({ hasText: '行政处罚' }).first().locator('a').first().click()
  await page.waitForURL(/\/workbench\/cases\/\d+$/)
  penaltyUrl = page.url()
  assert.notEqual(penaltyUrl, complaintUrl)
  await page.getByRole('tab', { name: /案件链/ }).click().catch(() => {})
  const nodes = page.locator('[data-test=case-chain] [data-test=chain-node]')
  await nodes.nth(1).waitFor()
  assert.equal(await nodes.count(), 2)
  const chainText = await page.locator('[data-test=case-chain]').textContent()
  assert.match(chainText, /晋中市12345政务服务便/)
  assert.match(chainText, /晋中市市场监督管理局/)
  assert.match(chainText, new RegExp(kTitle))
  await logout(page)
})

test('the unit approver has no transfer button, and the API refuses the transfer', async () => {
  await login(page, server, 'jzzfd_chief_01')
  await page.goto(penaltyUrl)
  await page.locator('[data-test=deadline-badge], h1, .case-header').first().waitFor()
  assert.equal(await page.locator('[data-test=transfer-button]').count(), 0)
  const id = Number(penaltyUrl.split('/').pop())
  const res = await apiFromPage(page, 'POST', `/api/v1/cases/${id}/transfers`, {
    type: 'transfer', to_agency_id: 1, kind: 'criminal_first', reason: '越权尝试',
  })
  assert.equal(res.status, 403)
  assert.equal(res.body.error.code, 'forbidden')
  await logout(page)
})

test('screenshots of the workbench and the to-do page', async () => {
  // The intermediate court's approver: near-limit and overdue cases, and extension requests.
  // (Not the unit's approver again: a TOTP code is accepted once, and the last one was used.)
  await login(page, server, 'jzzy_chief_01')
  await page.goto(`${server.url}/workbench/todo`)
  await page.locator('[data-test=todo-mine]').waitFor()
  await page.getByRole('tab', { name: /临近期限/ }).click()
  await page.locator('[data-test=todo-alerts] .el-table__row').first().waitFor()
  await screenshot(page, 'todo')
  await page.goto(`${server.url}/workbench/cases`)
  await page.locator('[data-test=case-table] .el-table__row').first().waitFor()
  await screenshot(page, 'workbench')
})
