// Generates seeded situations for the aides-vélo differential test: a CSV for `bareme score --all`
// (columns from the manifest) and the same situations as Publicodes situations (JSON Lines).
//
//   node gen_situations.mjs --manifest schemes/aides_velo/manifest.json --count 3000 --seed 1 \
//       --csv situations.csv --situations situations.jsonl
//
// Most rows target one aid of the model (in turn): a place where it applies, and inputs drawn
// from the constants that aid compares them with (exactly, and one cent around). The others are
// communes anywhere (mostly without a local aid) and a few extreme values.
import Engine from 'publicodes'
import { writeLines } from './lines.mjs'
import { loadModel, loadManifest, modelQuestions, modelAids } from './model.mjs'
import { analyse } from './thresholds.mjs'
import { Places } from './places.mjs'

function parseArgs(argv) {
  const a = { count: 3000, seed: 1 }
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]
    const v = () => { if (i + 1 >= argv.length) usage(`${k} needs a value`); return argv[++i] }
    if (k === '--manifest') a.manifest = v()
    else if (k === '--count') a.count = Number(v())
    else if (k === '--seed') a.seed = Number(v())
    else if (k === '--csv') a.csv = v()
    else if (k === '--situations') a.situations = v()
    else usage(`unknown argument ${k}`)
  }
  if (!a.manifest || !a.csv || !a.situations) usage('--manifest, --csv and --situations are needed')
  if (!Number.isInteger(a.count) || a.count < 1) usage('--count must be a positive integer')
  if (!Number.isInteger(a.seed) || a.seed < 0) usage('--seed must be a non-negative integer')
  return a
}
function usage(msg) {
  console.error(`gen_situations: ${msg}\nusage: node gen_situations.mjs --manifest M --csv OUT.csv --situations OUT.jsonl [--count N] [--seed S]`)
  process.exit(2)
}

// sfc32, seeded by splitmix32: the same seed gives the same rows on every machine.
export function rng(seed) {
  let s = seed >>> 0
  const split = () => { s = (s + 0x9e3779b9) >>> 0; let z = s; z = Math.imul(z ^ (z >>> 16), 0x85ebca6b); z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35); return (z ^ (z >>> 16)) >>> 0 }
  let a = split(), b = split(), c = split(), d = split()
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    const t = (a + b) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11); d = (d + 1) | 0
    const r = (t + d) | 0; c = (c + r) | 0
    return (r >>> 0) / 4294967296
  }
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    shuffle: (xs) => { for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]] } return xs },
  }
  return r
}

const PLACE_RULES = ['localisation . code insee', 'localisation . epci', 'localisation . département', 'localisation . région', 'localisation . pays']
const cents = (x) => Math.round(x * 100)
const euros = (c) => (c / 100).toFixed(2)

// The tax shares of a household of n people (a plausible range, the common values first).
function sharesFor(n, r) {
  const common = n === 1 ? [1, 1.5] : n === 2 ? [2, 1.5, 2.5] : [2 + 0.5 * (n - 2), 1 + 0.5 * (n - 1), 2 + (n - 2), 1.5 + 0.5 * (n - 2)]
  return r.pick(common)
}

function main() {
  const args = parseArgs(process.argv.slice(2))
  const manifest = loadManifest(args.manifest)
  const rules = loadModel()
  const questions = modelQuestions(rules)
  const byRule = new Map(questions.map((q) => [q.rule, q]))
  const asked = new Map(manifest.questions.map((q) => [q.rule, q]))
  for (const q of manifest.questions) {
    if (!byRule.has(q.rule)) { console.error(`gen_situations: manifest question "${q.rule}" is not a question of the model`); process.exit(2) }
  }
  const unasked = questions.filter((q) => !asked.has(q.rule)).map((q) => q.rule)
  const aids = modelAids(rules)
  const th = analyse(rules, aids, questions)
  const places = new Places(rules, aids)
  const engine = new Engine(rules, { logger: { log() {}, warn() {}, error() {} }, warn: false })
  const r = rng(args.seed)

  const order = r.shuffle(aids.map((a) => a.rule))
  const rows = []
  for (let i = 0; i < args.count; i++) {
    const u = r.next()
    const target = u < 0.85 ? order[i % order.length] : null
    const extreme = u >= 0.97
    rows.push(makeRow({ r, target, extreme, places, th, byRule, asked, engine }))
  }

  // CSV: one column per manifest question, in the manifest's order.
  const cols = manifest.questions
  const csv = [cols.map((q) => csvField(q.column)).join(',')]
  const jl = []
  rows.forEach((row, i) => {
    csv.push(cols.map((q) => csvField(row.inputs[q.rule] === undefined ? '' : csvValue(q, byRule.get(q.rule), row.inputs[q.rule]))).join(','))
    const situation = {}
    for (const [rule, v] of Object.entries(row.inputs)) situation[rule] = literal(byRule.get(rule), v)
    jl.push(JSON.stringify({ row: i + 1, target: row.target, place: row.place, inputs: row.inputs, situation }))
  })
  writeLines(args.csv, csv)
  writeLines(args.situations, jl)
  const targeted = rows.filter((x) => x.target).length
  console.log(`gen_situations: ${rows.length} situations (seed ${args.seed}): ${targeted} aimed at one of ${aids.length} aids, ` +
    `${rows.length - targeted} anywhere; ${manifest.questions.length} questions asked` +
    (unasked.length ? `, ${unasked.length} of the model left at their default (not in the manifest): ${unasked.join('; ')}` : ''))
  if (places.unresolved.size) console.log(`gen_situations: places of the model not found in decoupage-administratif: ${[...places.unresolved].join('; ')}`)
}

// One situation: inputs by rule, as raw values (numbers in the rule's unit, texts, booleans).
function makeRow({ r, target, extreme, places, th, byRule, asked, engine }) {
  const inputs = {}
  const place = target ? places.forAid(target, r) : places.anywhere(r)
  const set = (rule, v) => { if (asked.has(rule)) inputs[rule] = v }
  set('localisation . code insee', place.code)
  set('localisation . epci', place.epci)
  set('localisation . département', place.departement)
  set('localisation . région', place.region)
  set('localisation . pays', place.pays)
  const pool = th.pool(target)
  const fromPool = (cat) => (pool[cat]?.length && r.chance(0.7) ? r.pick(pool[cat]) : null)
  const personnes = fromPool('personnes') ?? r.int(1, 8)
  const parts = fromPool('parts') ?? sharesFor(personnes, r)
  for (const [rule, q] of byRule) {
    if (!asked.has(rule) || rule in inputs || PLACE_RULES.includes(rule)) continue
    const cat = th.category(rule)
    if (cat === 'personnes') set(rule, Math.max(1, Math.round(personnes)))
    else if (cat === 'parts') set(rule, parts)
    else if (cat === 'rfr' || cat === 'prix') continue // below, once the rest is known
    else if (q.kind === 'bool') set(rule, r.chance(0.5))
    else if (q.kind === 'enum') set(rule, r.pick(q.values))
    else if (q.kind === 'text') set(rule, '')
    else if (cat === 'age') set(rule, extreme ? r.pick([0, 14, 15, 120]) : fromPool('age') ?? r.int(16, 85))
    else set(rule, fromPool(rule) ?? r.pick([0, 0, r.int(1, 500), r.int(1, 2000)]))
  }
  // The price: a constant of the aid (±1 cent), else a plausible price.
  const prixRule = th.ruleOf('prix')
  if (prixRule && asked.has(prixRule)) {
    let c
    if (extreme) c = r.pick([0, 50, 99, 100, 101, 9999999])
    else if (pool.prix?.length && r.chance(0.6)) c = cents(r.pick(pool.prix)) + r.pick([-1, 0, 0, 1])
    else c = cents(Math.exp(Math.log(80) + r.next() * (Math.log(12000) - Math.log(80))))
    if (r.chance(0.3)) c = Math.round(c / 100) * 100
    set(prixRule, Math.max(0, c) / 100)
  }
  // The income: a threshold per share or per household (static, or computed by the model for
  // this household), ±1 cent; else a plausible income.
  const rfrRule = th.ruleOf('rfr')
  if (rfrRule && asked.has(rfrRule)) {
    const shares = inputs[th.ruleOf('parts')] ?? 1
    let c = null
    if (extreme) c = r.pick([0, 1, 100000000])
    else if (r.chance(0.65)) {
      const t = th.pickIncome(target, r)
      if (t) {
        let perYear = t.value
        if (t.rule) perYear = evalPerYear(engine, inputs, byRule, t.rule)
        if (perYear !== null && Number.isFinite(perYear)) c = cents(t.perShare ? perYear * shares : perYear) + r.pick([-1, 0, 0, 1])
      }
    }
    if (c === null) c = cents(shares * Math.exp(Math.log(2000) + r.next() * (Math.log(60000) - Math.log(2000))))
    set(rfrRule, Math.max(0, c) / 100)
  }
  if (target && !extreme && r.chance(0.75)) align({ r, target, inputs, byRule, asked, th, engine })
  // Leave a few inputs unset: their defaults then apply on both sides.
  // The place stays whole, except the country, which defaults from the INSEE code.
  for (const [rule, q] of asked) {
    if (q.default === null || q.default === undefined || !(rule in inputs)) continue
    if (PLACE_RULES.includes(rule) && rule !== 'localisation . pays') continue
    if (r.chance(0.04)) delete inputs[rule]
  }
  return { target, place: place.label, inputs }
}

// Walks the row towards one where `target` pays: up to 8 times, one input other than the place,
// the price and the income is drawn anew (a bike type, an état, a statut, a yes/no, an age); a
// change is kept when the aid then pays (and the walk stops), else half the time. Prices and
// incomes stay on their thresholds, so that rows on the losing side of one remain.
function align({ r, target, inputs, byRule, asked, th, engine }) {
  // The whole situation once, then only the input changed.
  const pays = (rule) => {
    const situation = {}
    if (rule) situation[rule] = literal(byRule.get(rule), inputs[rule])
    else for (const [k, v] of Object.entries(inputs)) situation[k] = literal(byRule.get(k), v)
    try {
      engine.setSituation(situation, { keepPreviousSituation: !!rule })
      const v = engine.evaluateNode(engine.context.parsedRules[target]).nodeValue
      return typeof v === 'number' && v > 0
    } catch { return false }
  }
  if (pays()) return
  const mutable = [...asked.keys()].filter((rule) => {
    const q = byRule.get(rule)
    if (PLACE_RULES.includes(rule) || rule === th.ruleOf('prix') || rule === th.ruleOf('rfr')) return false
    if (rule.startsWith('aides . ') && !rule.startsWith(target + ' . ')) return false
    return q.kind === 'bool' || q.kind === 'enum' || th.category(rule) === 'age'
  })
  if (!mutable.length) return
  const pool = th.pool(target)
  for (let i = 0; i < 8; i++) {
    const rule = r.pick(mutable)
    const q = byRule.get(rule)
    const before = inputs[rule]
    if (q.kind === 'bool') inputs[rule] = !before
    else if (q.kind === 'enum') inputs[rule] = r.pick(q.values)
    else inputs[rule] = pool.age?.length && r.chance(0.7) ? r.pick(pool.age) : r.int(18, 70)
    if (pays(rule)) return
    if (r.chance(0.5)) { inputs[rule] = before; pays(rule) }
  }
}

// A threshold rule of the model (`plafond de ressources`) in €/an for this household.
function evalPerYear(engine, inputs, byRule, rule) {
  const situation = {}
  for (const [k, v] of Object.entries(inputs)) situation[k] = literal(byRule.get(k), v)
  try {
    engine.setSituation(situation)
    const v = engine.evaluate({ valeur: rule, unité: '€/an' }).nodeValue
    return typeof v === 'number' ? v : null
  } catch { return null }
}

// The Publicodes literal of a raw value (as AidesVeloEngine's formatInputs writes it).
export function literal(q, v) {
  if (q.kind === 'bool') return v ? 'oui' : 'non'
  if (q.kind === 'enum' || q.kind === 'text') return `'${v}'`
  return q.unit ? `${v} ${q.unit}` : `${v}`
}

function csvValue(mq, q, v) {
  if (q.kind === 'bool') return v ? 'true' : 'false'
  if (typeof v === 'number') return mq.kind === 'int' ? String(Math.round(v)) : (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''))
  return String(v)
}

function csvField(s) {
  s = String(s)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

main()
