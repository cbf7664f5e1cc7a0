import { describe, expect, it } from 'vitest'
import { generatePassword, passwordProblem } from './password'

describe('passwordProblem (the server policy)', () => {
  it('accepts a good password', () => {
    expect(passwordProblem('Correct-Horse-9')).toBeNull()
    expect(passwordProblem('abcdefgh12!!')).toBeNull()
  })
  it('needs 10 characters, counting CJK as one each', () => {
    expect(passwordProblem('Abc-12345')).toBe('length')
    expect(passwordProblem('审管平台密码Ab12')).toBeNull()
  })
  it('needs three classes', () => {
    expect(passwordProblem('abcdefghij12')).toBe('classes')
    expect(passwordProblem('ABCDEFGHIJ!!')).toBe('classes')
  })
  it('refuses the username inside, ignoring case', () => {
    expect(passwordProblem('Jzzy_Clerk-2026', 'jzzy_clerk')).toBe('username')
    expect(passwordProblem('Jzzy_Clerk-2026', 'someone')).toBeNull()
  })
})

describe('generatePassword', () => {
  it('always meets the policy', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword('admin')
      expect(pw).toHaveLength(14)
      expect(passwordProblem(pw, 'admin')).toBeNull()
    }
  })
  it('has every class and at least 12 characters', () => {
    const pw = generatePassword('', 4)
    expect(pw.length).toBe(12)
    expect(pw).toMatch(/[a-z]/)
    expect(pw).toMatch(/[A-Z]/)
    expect(pw).toMatch(/[0-9]/)
    expect(pw).toMatch(/[^A-Za-z0-9]/)
  })
  it('avoids look-alike characters', () => {
    for (let i = 0; i < 100; i++) expect(generatePassword()).not.toMatch(/[0O1lI]/)
  })
  it('uses the random source given', () => {
    const fixed = (n: number) => new Uint32Array(n).fill(7)
    expect(generatePassword('', 12, fixed)).toBe(generatePassword('', 12, fixed))
  })
})
