import { describe, expect, it } from 'vitest'
import { continueTo, groupSecret, normalizeCode, passwordAcceptable, passwordChecks } from './logic'

describe('the password rule', () => {
  it('wants ten characters of three classes', () => {
    expect(passwordChecks('zhang', 'Short-1')).toMatchObject({ length: false, classes: 4 })
    expect(passwordChecks('zhang', 'alllowercase1')).toMatchObject({ length: true, classes: 2, classesOk: false })
    expect(passwordAcceptable('zhang', 'Correct-Horse-9')).toBe(true)
    expect(passwordAcceptable('zhang', 'correcthorse9!')).toBe(true)
  })
  it('counts characters, not bytes, and non-ASCII as a symbol class', () => {
    expect(passwordChecks('u', '审管审管审管审管a1').length).toBe(true)
    expect(passwordChecks('u', '审管审管审管审管a1').classes).toBe(3)
    expect(passwordChecks('u', '审管审管审管审管a').length).toBe(false)
  })
  it('refuses the username in any ASCII case', () => {
    expect(passwordChecks('jzzy_clerk', 'My-JZZY_Clerk-2026').noUsername).toBe(false)
    expect(passwordAcceptable('jzzy_clerk', 'My-JZZY_Clerk-2026')).toBe(false)
    expect(passwordChecks('', 'anything').noUsername).toBe(true)
  })
})

describe('TOTP', () => {
  it('groups the secret by four for typing', () => {
    expect(groupSecret('KCZSWRNIKOG4KAWAFLZMURP64P7H6TI6')).toBe('KCZS WRNI KOG4 KAWA FLZM URP6 4P7H 6TI6')
    expect(groupSecret('abcdefghij==')).toBe('ABCD EFGH IJ')
    expect(groupSecret('')).toBe('')
  })
  it('keeps the digits of a typed code', () => {
    expect(normalizeCode('123 456')).toBe('123456')
    expect(normalizeCode(' 12-34-56-78 ')).toBe('123456')
  })
})

describe('continuing after a forced step', () => {
  it('goes to a kept path in the app, else home', () => {
    expect(continueTo('/workbench/cases?q=1')).toBe('/workbench/cases?q=1')
    expect(continueTo(undefined)).toBe('/')
    expect(continueTo('//evil.example')).toBe('/')
    expect(continueTo('https://evil.example')).toBe('/')
    expect(continueTo('/account/password')).toBe('/')
  })
})
