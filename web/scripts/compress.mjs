// Writes NAME.gz beside every built JS, CSS, SVG and JSON file over 1 KiB, so that
// `shenguan serve` sends the precompressed bytes to browsers that accept gzip
// (src/http/static_files.h) without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url).pathname
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (/\.(js|css|svg|json|html)$/.test(name) && statSync(path).size > 1024) {
      writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }))
    }
  }
}
walk(dist)
