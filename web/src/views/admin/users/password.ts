// Initial and reset passwords: the server's policy (src/auth/crypto.cpp PasswordPolicyError: at
// least 10 characters, three of the four classes lower, upper, digit, other, not containing the
// username) checked before sending, and a generator that always meets it.

export type PasswordProblem = 'length' | 'classes' | 'username'

export function passwordProblem(password: string, username = ''): PasswordProblem | null {
  const chars = [...password].length
  let lower = false
  let upper = false
  let digit = false
  let other = false
  for (const c of password) {
    if (c >= 'a' && c <= 'z') lower = true
    else if (c >= 'A' && c <= 'Z') upper = true
    else if (c >= '0' && c <= '9') digit = true
    else other = true
  }
  if (chars < 10) return 'length'
  if (Number(lower) + Number(upper) + Number(digit) + Number(other) < 3) return 'classes'
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'username'
  return null
}

// Characters that are not easily confused when read aloud or copied by hand (no 0/O, 1/l/I).
const kLower = 'abcdefghijkmnpqrstuvwxyz'
const kUpper = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const kDigit = '23456789'
const kOther = '-_.!@#%+='

// A random password of `length` (≥ 12) with every class present, from the browser's CSPRNG.
export function generatePassword(username = '', length = 14, random: (n: number) => Uint32Array = cryptoRandom): string {
  const n = Math.max(12, length)
  for (let attempt = 0; attempt < 1000; attempt++) {
    const r = random(n * 2)
    const classes = [kLower, kUpper, kDigit, kOther]
    const chars: string[] = classes.map((set, i) => set[r[i] % set.length])
    const all = kLower + kUpper + kDigit + kOther
    for (let i = chars.length; i < n; i++) chars.push(all[r[i] % all.length])
    // Shuffle (Fisher–Yates) with the rest of the random words.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = r[n + i] % (i + 1)
      ;[chars[i], chars[j]] = [chars[j], chars[i]]
    }
    const pw = chars.join('')
    if (passwordProblem(pw, username) === null) return pw
  }
  throw new Error('generatePassword: no acceptable password')
}

function cryptoRandom(n: number): Uint32Array {
  const a = new Uint32Array(n)
  globalThis.crypto.getRandomValues(a)
  return a
}
