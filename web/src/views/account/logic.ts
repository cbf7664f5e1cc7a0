// The account pages' pure parts: the password rule as the server states it (checked again by
// the server, which has the last word), and the TOTP secret laid out for typing.

// The server's rule (auth/crypto.cpp PasswordPolicyError): at least 10 characters, three of the
// four classes lower case, upper case, digits and others (symbols and any non-ASCII
// character), and not containing the username (ASCII case ignored).
export interface PasswordChecks {
  length: boolean
  classes: number
  classesOk: boolean
  noUsername: boolean
}
export const kMinPasswordLength = 10
export const kMinPasswordClasses = 3

export function passwordChecks(username: string, password: string): PasswordChecks {
  let lower = false
  let upper = false
  let digit = false
  let other = false
  for (const ch of password) {
    if (ch >= 'a' && ch <= 'z') lower = true
    else if (ch >= 'A' && ch <= 'Z') upper = true
    else if (ch >= '0' && ch <= '9') digit = true
    else other = true
  }
  const classes = Number(lower) + Number(upper) + Number(digit) + Number(other)
  const noUsername = username === '' || !password.toLowerCase().includes(username.toLowerCase())
  return { length: [...password].length >= kMinPasswordLength, classes, classesOk: classes >= kMinPasswordClasses, noUsername }
}
export function passwordAcceptable(username: string, password: string): boolean {
  const c = passwordChecks(username, password)
  return c.length && c.classesOk && c.noUsername
}

// A base32 secret in groups of four for typing by hand ("ABCD EFGH IJKL …"); padding and
// spaces dropped, letters upper-cased.
export function groupSecret(secret: string, size = 4): string {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase()
  const groups: string[] = []
  for (let i = 0; i < clean.length; i += size) groups.push(clean.slice(i, i + size))
  return groups.join(' ')
}

// A TOTP code as typed: digits only, at most six ("123 456" → "123456").
export function normalizeCode(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6)
}

// Where to go after a forced step: the redirect the guard kept, if it is a path in the app.
export function continueTo(redirect: unknown): string {
  return typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') && !redirect.startsWith('/account/') ? redirect : '/'
}
