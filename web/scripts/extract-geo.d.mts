// Types for scripts/extract-geo.mjs (its unit test imports the pure functions).
export interface GeoFeature {
  type: 'Feature'
  id?: string
  properties: { name: string; cp?: number[]; [k: string]: unknown }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[]; encodeOffsets?: unknown[] }
}
export interface GeoCollection { type: 'FeatureCollection'; features: GeoFeature[]; UTF8Encoding?: boolean; UTF8Scale?: number }
export const kRenames: Record<string, { name: string; id?: string }>
export function extractRegisterMap(source: string): { name: string; json: GeoCollection }
export function decodeRing(encoded: string, offsets: number[], scale?: number): [number, number][]
export function tidyRing(ring: number[][], digits?: number): [number, number][]
export function toGeoJson(json: GeoCollection, options?: { digits?: number; renames?: Record<string, { name: string; id?: string }> }): GeoCollection
export function extractFile(modulePath: string, options?: { digits?: number }): GeoCollection
