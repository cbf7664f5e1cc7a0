// Every label comes from the one dictionary: each t('…') key the source uses exists, and no
// Chinese text is written into a page or script outside locales/.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { hasKey, t } from './index'

const srcDir = join(__dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sources(path)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

describe('the dictionary', () => {
  it('replaces placeholders and returns unknown keys as they are', () => {
    expect(t('common.total', { n: 12 })).toBe('共 12 条')
    expect(t('no.such.key')).toBe('no.such.key')
    expect(hasKey('common.appName')).toBe(true)
  })

  it('has every literal key the source asks for', () => {
    const missing: string[] = []
    for (const file of sources(srcDir)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!hasKey(m[1])) missing.push(`${relative(srcDir, file)}: ${m[1]}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('is the only place with Chinese text (comments aside)', () => {
    const offenders: string[] = []
    for (const file of sources(srcDir)) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/<!--[\s\S]*?-->/g, '')
        .split('\n')
        .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
      code.forEach((line, i) => {
        if (/[\u4e00-\u9fff]/.test(line)) offenders.push(`${relative(srcDir, file)}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(offenders).toEqual([])
  })
})
