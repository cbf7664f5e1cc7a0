// scripts/extract-geo.mjs: cutting the registerMap object out of the UMD module's text, decoding
// the old ECharts UTF8 encoding, tidying and renaming.
import { describe, expect, it } from 'vitest'
import { decodeRing, extractRegisterMap, tidyRing, toGeoJson } from '../../../scripts/extract-geo.mjs'

// Encodes points the way echarts' old map builder did (the inverse of decodeRing), for the sample.
function encodeRing(points: [number, number][], scale = 1024): { text: string; offsets: number[] } {
  const q = points.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)])
  const offsets = q[0]!
  let [px, py] = offsets
  let text = ''
  const zz = (v: number) => (v << 1) ^ (v >> 31)
  for (const [x, y] of q) {
    text += String.fromCharCode(zz(x! - px!) + 64, zz(y! - py!) + 64)
    px = x
    py = y
  }
  return { text, offsets: [offsets[0]!, offsets[1]!] }
}

describe('extract-geo', () => {
  it('decodes a ring: zigzag deltas from the offsets, divided by the scale', () => {
    // '@@' = (0,0): the offset itself; 'BA' = (+1, -1); 'AB' = (-1, +1)
    expect(decodeRing('@@BAAB', [1024, 2048])).toEqual([
      [1, 2],
      [1025 / 1024, 2047 / 1024],
      [1, 2],
    ])
    const pts: [number, number][] = [[112.7, 37.7], [112.75, 37.65], [112.8, 37.72], [112.7, 37.7]]
    const { text, offsets } = encodeRing(pts)
    decodeRing(text, offsets).forEach(([x, y], i) => {
      expect(x).toBeCloseTo(pts[i]![0], 3)
      expect(y).toBeCloseTo(pts[i]![1], 3)
    })
  })

  it('rounds to 4 decimals, drops repeated points and closes rings', () => {
    expect(tidyRing([[1.000011, 2.000049], [1.00001, 2.00002], [3.123456, 4.987654]])).toEqual([
      [1, 2],
      [3.1235, 4.9877],
      [1, 2],
    ])
  })

  it('extracts the object from a UMD module without running it, decodes it and renames 太谷县', () => {
    const ring = encodeRing([[112.5, 37.4], [112.6, 37.4], [112.6, 37.5], [112.5, 37.4]])
    const multi = encodeRing([[113, 37], [113.1, 37], [113.1, 37.1], [113, 37]])
    const obj = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: '140726', properties: { name: '太谷县', cp: [112.551305, 37.424595], childNum: 1 }, geometry: { type: 'Polygon', coordinates: [ring.text], encodeOffsets: [ring.offsets] } },
        { type: 'Feature', id: '140702', properties: { name: '榆次区', cp: [112.7, 37.7] }, geometry: { type: 'MultiPolygon', coordinates: [[multi.text]], encodeOffsets: [[multi.offsets]] } },
        { type: 'Feature', id: 'x', properties: { name: 'empty' }, geometry: { type: 'Polygon', coordinates: [], encodeOffsets: [] } },
      ],
      UTF8Encoding: true,
    }
    const source = `(function (root, factory) {factory({}, root.echarts)}(this, function (exports, echarts) {if (!echarts) {log("it's {not} loaded");return;}echarts.registerMap('晋中', ${JSON.stringify(obj)});}));`
    const { name, json } = extractRegisterMap(source)
    expect(name).toBe('晋中')
    const geo = toGeoJson(json)
    expect(geo.features).toHaveLength(2)
    const taigu = geo.features[0]!
    expect(taigu.properties.name).toBe('太谷区')
    expect(taigu.id).toBe('140703')
    expect(taigu.properties.cp).toEqual([112.5513, 37.4246])
    expect(taigu.properties.childNum).toBeUndefined()
    // quantised to 1/1024 by the encoding, then rounded to 4 decimals
    const q = (v: number) => Math.round((Math.round(v * 1024) / 1024) * 1e4) / 1e4
    expect(taigu.geometry.coordinates).toEqual([[[q(112.5), q(37.4)], [q(112.6), q(37.4)], [q(112.6), q(37.5)], [q(112.5), q(37.4)]]])
    expect((taigu.geometry as { encodeOffsets?: unknown }).encodeOffsets).toBeUndefined()
    expect(geo.features[1]!.geometry.coordinates).toEqual([[[[113, 37], [q(113.1), 37], [q(113.1), q(37.1)], [113, 37]]]])
    expect('UTF8Encoding' in geo).toBe(false)
  })

  it('passes plain (unencoded) coordinates through', () => {
    const geo = toGeoJson({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Polygon', coordinates: [[[1.23456, 2], [3, 4], [5, 6]]] } }] })
    expect(geo.features[0]!.geometry.coordinates).toEqual([[[1.2346, 2], [3, 4], [5, 6], [1.2346, 2]]])
  })
})
