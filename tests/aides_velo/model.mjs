// What the differential test reads from the Publicodes side: the aides-vélo model (its questions, its
// aids, the constants it compares inputs with) and the communes, EPCI, départements and régions.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const HERE = path.dirname(fileURLToPath(import.meta.url))
export const MODEL_PATH = path.join(HERE, 'node_modules/@betagouv/aides-velo/publicodes-build/aides-velo.model.json')
const DECOUPAGE = path.join(HERE, 'node_modules/@etalab/decoupage-administratif')

export function loadModel() {
  return JSON.parse(fs.readFileSync(MODEL_PATH, 'utf8'))
}

export function loadManifest(file) {
  const m = JSON.parse(fs.readFileSync(file, 'utf8'))
  for (const key of ['questions', 'aids', 'levels', 'total']) {
    if (!m[key]) throw new Error(`${file}: no "${key}"`)
  }
  return m
}

// Keys of a rule that are documentation, not evaluated.
const DOC_KEYS = new Set(['description', 'note', 'titre', 'lien', 'question', 'références',
  'dernière mise à jour', 'date de fin', 'icônes', 'résumé', 'exemples'])

// Every evaluated string of a rule (with the key that holds it), depth first.
export function* ruleStrings(value, key = '') {
  if (typeof value === 'string') {
    if (!DOC_KEYS.has(key)) yield [value, key]
  } else if (Array.isArray(value)) {
    for (const v of value) yield* ruleStrings(v, key)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* ruleStrings(v, k)
  }
}

// The questions of the model: rules asked to the user or with a default and no formula.
export function modelQuestions(rules) {
  const out = []
  for (const [name, rule] of Object.entries(rules)) {
    if (!rule || typeof rule !== 'object') continue
    if (!('question' in rule) && !('par défaut' in rule)) continue
    if ('valeur' in rule || 'somme' in rule || 'variations' in rule || 'formule' in rule) continue
    let kind
    if (rule['une possibilité']) kind = 'enum'
    else if (['booléen', 'boolean'].includes(rule.type) || ['oui', 'non'].includes(rule['par défaut'])) kind = 'bool'
    else if (rule.type === 'string') kind = 'text'
    else kind = 'number'
    out.push({
      rule: name, kind, unit: rule['unité'] ?? null, integer: rule.type === 'entier',
      values: rule['une possibilité'] ?? null, default: rule['par défaut'],
      floor: rule.plancher ?? null,
    })
  }
  return out
}

// The levels an aid can replace, as the model's `aides . montant` adds them up.
export function modelLevels(rules) {
  const total = rules['aides . montant']
  return (total?.somme ?? []).map((r) => r)
}

// The aids of the model: every rule that replaces one of the levels (`remplace: commune`).
export function modelAids(rules) {
  const levels = new Set(modelLevels(rules).map((l) => l.split(' . ').pop()))
  const out = []
  for (const [name, rule] of Object.entries(rules)) {
    const r = rule?.remplace
    if (!r) continue
    const target = typeof r === 'string' ? r : r['références à']
    const last = String(target).split(' . ').pop()
    if (!levels.has(last)) continue
    out.push({ rule: name, level: last, priority: typeof r === 'object' ? r.priorité ?? 0 : 0 })
  }
  return out
}

// Numbers with a unit in a Publicodes expression: `15400 €/an`, `18 an`, `3`.
const NUMBER = String.raw`(-?\d+(?:[.,]\d+)?)\s*((?:€|%|an|mois|personne|km)(?:\s*\/\s*(?:an|mois))?)?`
const CMP = String.raw`(<=|>=|!=|<|>|=)`

// Comparisons `NAME op NUMBER` (or `NUMBER op NAME`) in the strings of a rule.
export function comparisons(rule) {
  const out = []
  const left = new RegExp(String.raw`([\p{L}'][\p{L}\p{N}' .-]*?)\s*${CMP}\s*${NUMBER}(?![\p{L}\p{N}])`, 'gu')
  const right = new RegExp(String.raw`${NUMBER}\s*${CMP}\s*([\p{L}'][\p{L}\p{N}' .-]*)`, 'gu')
  for (const [s] of ruleStrings(rule)) {
    for (const m of s.matchAll(left)) out.push({ name: m[1].trim(), op: m[2], value: num(m[3]), unit: m[4] ?? '' })
    for (const m of s.matchAll(right)) out.push({ name: m[4].trim(), op: m[3], value: num(m[1]), unit: m[2] ?? '' })
  }
  return out
}

function num(s) { return Number(String(s).replace(',', '.')) }

// Strings compared with `localisation . X` in a rule: [{kind, value}].
export function localisations(rule) {
  const out = []
  for (const [s] of ruleStrings(rule)) {
    const m = s.match(/^\s*(?:localisation\s*\.\s*)?(code insee|epci|département|région|pays)\s*=\s*'(.*)'\s*$/u)
    if (m) out.push({ kind: m[1], value: m[2] })
  }
  return out
}

// The communes, EPCI, départements and régions of @etalab/decoupage-administratif.
export function loadGeography() {
  const read = (f) => JSON.parse(fs.readFileSync(path.join(DECOUPAGE, 'data', f), 'utf8'))
  const communes = read('communes.json')
  const epcis = read('epci.json')
  const actual = communes.filter((c) => c.type === 'commune-actuelle')
  const byCode = new Map(actual.map((c) => [c.code, c]))
  // Former communes (déléguées, associées) lead to the commune they belong to now.
  for (const c of communes) {
    if (!byCode.has(c.code) && c.chefLieu && byCode.has(c.chefLieu)) byCode.set(c.code, byCode.get(c.chefLieu))
  }
  const epciOf = new Map()
  for (const e of epcis) for (const m of e.membres) epciOf.set(m.code, e)
  const byDepartement = new Map()
  const byRegion = new Map()
  for (const c of actual) {
    if (!byDepartement.has(c.departement)) byDepartement.set(c.departement, [])
    byDepartement.get(c.departement).push(c)
    if (!byRegion.has(c.region)) byRegion.set(c.region, [])
    byRegion.get(c.region).push(c)
  }
  return { communes: actual, byCode, epcis, epciOf, byDepartement, byRegion }
}
