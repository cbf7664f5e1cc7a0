// Stops the build with a clear message when Node.js is older than Vite 7 needs
// (package.json "engines": ^20.19.0 || >=22.12.0).
const [major, minor] = process.versions.node.split('.').map(Number)
const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22
if (!ok) {
  console.error(
    `Shenguan web: Node.js ${process.versions.node} is too old. Vite 7 needs Node.js 20.19+ or 22.12+.\n` +
      '  On Debian 12, install a newer Node.js (for example from NodeSource) and run the build again.',
  )
  process.exit(1)
}
