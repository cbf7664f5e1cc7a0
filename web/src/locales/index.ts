// The one dictionary of UI text. Every label on screen comes from here (t) or, for the server's
// enums, from GET /api/v1/dict (stores/dict.ts). The Chinese text lives in locales/zh-CN/, one
// file per area, merged here into one tree of dotted keys: t('cases.list.title').
import zhCN from './zh-CN'

type Tree = { [key: string]: string | Tree }

const messages: Tree = zhCN

// Looks up a dotted key; `{name}` placeholders are replaced from params. A missing key returns
// the key itself (and the dictionary test fails on any key the source uses but the tree lacks).
export function t(key: string, params?: Record<string, string | number>): string {
  let node: string | Tree | undefined = messages
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return key
    node = node[part]
  }
  if (typeof node !== 'string') return key
  if (!params) return node
  return node.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

// True when the dictionary has this key (for tests and dynamic keys with a fallback).
export function hasKey(key: string): boolean {
  return t(key) !== key
}
