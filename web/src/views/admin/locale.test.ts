// Every dictionary key the administration pages use literally exists in locales/zh-CN/admin.ts,
// and no Chinese text is written in their sources.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasKey } from '@/locales'

const here = __dirname
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : []
  })
}
const files = [...sources(here), resolve(__dirname, '../../router/modules/admin.ts')]

describe('admin pages and the dictionary', () => {
  it('use only keys that exist', () => {
    const missing: string[] = []
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      for (const m of text.matchAll(/['`]((?:admin|common)\.[A-Za-z0-9_.]+)['`]/g)) {
        if (!hasKey(m[1])) missing.push(`${f}: ${m[1]}`)
      }
    }
    expect(missing).toEqual([])
  })
  it('write no Chinese outside the dictionary', () => {
    const found: string[] = []
    for (const f of files) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/<!--.*?-->/g, '')
        if (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(code) && !/^\s*(\/\/|\*|\/\*)/.test(line)) found.push(`${f}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(found).toEqual([])
  })
})
