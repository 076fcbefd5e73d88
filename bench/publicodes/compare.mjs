#!/usr/bin/env node
// Barème against Publicodes on the same applications (run by scripts/bench-publicodes).
//
//   node compare.mjs SCHEME APPS.csv RESULTS.csv [--model FILE] [--details N] [--json FILE]
//
// SCHEME names the Publicodes model SCHEME.publicodes.yaml next to this file (or --model).
// APPS.csv is what `bareme simulate FILE --write APPS.csv` writes (a header of input names,
// one application per row, an empty cell for an input left unset); RESULTS.csv is what
// `bareme score FILE --input APPS.csv --output RESULTS.csv` writes for it (row, eligible,
// amount, failed, error, then the combine columns).
//
// For every row it builds a Publicodes situation from the application, evaluates the amount
// with Publicodes, and compares it with Barème's, exactly, in cents (an ineligible row is
// 0 €). It also compares what else both engines decide on every row: eligibility, the set of
// failed conditions (`barème condition` rules), and the columns a model marks with
// `barème colonne` (for the IDF retrofit aid, the Region's grant before and after the
// cumulation cap). Rows where Barème reports a runtime error are counted apart and not
// compared.
//
// Timing: the Publicodes throughput counts only the evaluation loop, `engine.setSituation()`
// + `engine.evaluate(amount)` per row through the public API, over situations built
// beforehand; reading the YAML, constructing the Engine (which parses and checks every rule)
// and reading the CSV files are timed apart. Publicodes' `toutes ces conditions` stops at the
// first condition that fails, so this loop evaluates fewer conditions than `bareme score`,
// which lists every failed condition; a second figure adds the time to evaluate every
// condition and compared column in the same situation (through the engine's evaluateNode on
// the parsed rules, as `evaluate(name)` would re-parse an expression each time; the first
// rows cross-check that it agrees with `evaluate(name)`).
//
// Exit status: 0 when every compared row agrees, 1 on any difference, 2 on bad usage.

process.env.TZ = 'UTC' // Publicodes turns dates into local-time Date objects

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Engine from 'publicodes'
import { parse as parseYaml } from 'yaml'

const here = path.dirname(fileURLToPath(import.meta.url))

function usage(message) {
  if (message) console.error(`compare.mjs: ${message}`)
  console.error('usage: node compare.mjs SCHEME APPS.csv RESULTS.csv [--model FILE] [--details N] [--json FILE]')
  process.exit(2)
}

// --- command line -----------------------------------------------------------------------
const positional = []
const options = { details: 5, model: null, json: null }
{
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--details' || a === '--model' || a === '--json') {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      options[a.slice(2)] = argv[++i]
    } else if (a === '-h' || a === '--help') {
      usage()
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`)
    } else {
      positional.push(a)
    }
  }
  if (positional.length !== 3) usage('expected SCHEME APPS.csv RESULTS.csv')
  options.details = Number(options.details)
}
const [scheme, appsPath, resultsPath] = positional
const modelPath = options.model ?? path.join(here, `${scheme}.publicodes.yaml`)

const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const CROSS_CHECK_ROWS = 200
const crossCheckFailures = []
const RUNTIME_ERRORS = new Set(['Overflow', 'DivisionByZero', 'MissingInput', 'DateOutOfRange', 'EmptyList',
  'NoTableMatch', 'AmbiguousTableMatch', 'NoParamValue', 'NoEvaluationDate', 'InvalidRoundingStep'])

// --- RFC 4180 CSV -------------------------------------------------------------------------
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows = []
  const n = text.length
  let i = 0
  while (i < n) {
    // A line without quotes (every line `bareme simulate` writes) splits on commas.
    let eol = text.indexOf('\n', i)
    if (eol < 0) eol = n
    let line = text.slice(i, eol)
    if (!line.includes('"')) {
      if (line.endsWith('\r')) line = line.slice(0, -1)
      if (line !== '') rows.push(line.split(','))
      i = eol + 1
      continue
    }
    // Otherwise field by field: quoted fields, doubled quotes, embedded commas and line breaks.
    const row = []
    let field = ''
    for (;;) {
      if (text[i] === '"') {
        i++
        for (;;) {
          if (i >= n) throw new Error('unterminated quoted field')
          const q = text.indexOf('"', i)
          if (q < 0) throw new Error('unterminated quoted field')
          field += text.slice(i, q)
          i = q + 1
          if (text[i] === '"') { field += '"'; i++ } else break
        }
      }
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++]
      row.push(field)
      field = ''
      if (i >= n) break
      const c = text[i++]
      if (c === ',') continue
      if (c === '\r' && text[i] === '\n') i++
      break
    }
    rows.push(row)
  }
  const [header, ...body] = rows
  return { header, rows: body }
}

// Decimal euros ("1500.00", "-0.5", "12") to integer cents, exactly.
function cents(text) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) throw new Error(`not an amount of money: ${JSON.stringify(text)}`)
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -v : v
}

// A Publicodes number with a unit of € or centime to integer cents. Models keep money in whole
// cents, so the value is a whole number of cents up to the binary representation of a decimal
// of euros; rounding here only reads it, it decides nothing.
function publicodesCents(evaluation) {
  const v = evaluation.nodeValue
  if (typeof v !== 'number' || !Number.isFinite(v)) return null
  const unit = evaluation.unit ? evaluation.unit.numerators.join('.') + (evaluation.unit.denominators.length ? '/' + evaluation.unit.denominators.join('.') : '') : ''
  if (unit === 'centime') return Math.round(v)
  if (unit === '€' || unit === '') return Math.round(v * 100)
  throw new Error(`unexpected unit ${unit}`)
}

// --- the model ---------------------------------------------------------------------------
let t0 = process.hrtime.bigint()
const rawRules = parseYaml(fs.readFileSync(modelPath, 'utf8'))
const yamlMs = msSince(t0)

const warnings = []
const logger = { log() {}, warn: (m) => warnings.push(String(m)), error: (m) => warnings.push(String(m)) }
t0 = process.hrtime.bigint()
const engine = new Engine(rawRules, { logger })
const engineMs = msSince(t0)

const inputs = new Map() // Barème input name -> { rule, kind }
const conditions = new Map() // Barème condition label -> rule
const columns = new Map() // Barème output column -> rule
let amountRule = null
for (const [name, raw] of Object.entries(rawRules)) {
  if (!raw || typeof raw !== 'object') continue
  if (raw['barème entrée']) {
    const kind = raw['une possibilité'] ? 'enum' : raw.type === 'booléen' ? 'bool' : raw.type === 'date' ? 'date' : 'number'
    inputs.set(String(raw['barème entrée']), { rule: name, kind })
  }
  if (raw['barème condition']) conditions.set(String(raw['barème condition']), name)
  if (raw['barème colonne']) columns.set(String(raw['barème colonne']), name)
  if (raw['barème montant'] === 'oui' || raw['barème montant'] === true) amountRule = name
}
if (!amountRule) usage(`${modelPath}: no rule has \`barème montant: oui\``)

function situationValue(kind, text) {
  switch (kind) {
    case 'enum': return `'${text}'`
    case 'bool':
      if (text === 'true') return 'oui'
      if (text === 'false') return 'non'
      throw new Error(`not a boolean: ${JSON.stringify(text)}`)
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
      if (!m) throw new Error(`not a date: ${JSON.stringify(text)}`)
      return `${m[3]}/${m[2]}/${m[1]}`
    }
    default: {
      const v = Number(text)
      if (!Number.isFinite(v)) throw new Error(`not a number: ${JSON.stringify(text)}`)
      return v
    }
  }
}

// --- the applications and Barème's results -------------------------------------------------
t0 = process.hrtime.bigint()
const apps = parseCsv(fs.readFileSync(appsPath, 'utf8'))
const results = parseCsv(fs.readFileSync(resultsPath, 'utf8'))
for (const name of apps.header) {
  if (!inputs.has(name)) usage(`${appsPath}: column ${name} is not a \`barème entrée\` of ${modelPath}`)
}
const col = Object.fromEntries(results.header.map((h, i) => [h, i]))
for (const c of ['row', 'eligible', 'amount', 'failed', 'error']) {
  if (!(c in col)) usage(`${resultsPath}: no column ${c}`)
}
for (const c of columns.keys()) {
  if (!(c in col)) usage(`${resultsPath}: no column ${c} (named by a \`barème colonne\` of ${modelPath})`)
}
if (results.rows.length !== apps.rows.length) {
  usage(`${appsPath} has ${apps.rows.length} rows, ${resultsPath} ${results.rows.length}`)
}
const situations = apps.rows.map((cells) => {
  const s = {}
  apps.header.forEach((name, j) => {
    const text = cells[j] ?? ''
    if (text === '') return // unset: the model's default applies, as in Barème
    const { rule, kind } = inputs.get(name)
    s[rule] = situationValue(kind, text)
  })
  return s
})
const readMs = msSince(t0)

// --- evaluation ----------------------------------------------------------------------------
// The timed loop: what an application of Publicodes does per row, through its public API.
const n = situations.length
const amounts = new Array(n)
const thrown = new Array(n)
const checks = new Array(n)
let situationNs = 0n
let evaluateNs = 0n
let checkNs = 0n
for (let i = 0; i < n; i++) {
  const start = process.hrtime.bigint()
  let mid = start
  try {
    engine.setSituation(situations[i])
    mid = process.hrtime.bigint()
    amounts[i] = engine.evaluate(amountRule)
  } catch (e) {
    thrown[i] = e
  }
  const end = process.hrtime.bigint()
  if (mid === start) mid = end
  situationNs += mid - start
  evaluateNs += end - mid
  if (thrown[i]) continue
  // The rest of what Barème decides for the row (each condition, each compared column), in
  // the same situation and evaluation cache. `engine.evaluate(name)` would re-parse an
  // expression for each of them (about as long as the amount itself), so the parsed rules are
  // evaluated directly; the first rows cross-check this against evaluate(), untimed.
  const held = new Map()
  const cols = new Map()
  const checkStart = process.hrtime.bigint()
  for (const [label, rule] of conditions) held.set(label, engine.evaluateNode(engine.context.parsedRules[rule]).nodeValue)
  for (const [c, rule] of columns) cols.set(c, engine.evaluateNode(engine.context.parsedRules[rule]))
  checkNs += process.hrtime.bigint() - checkStart
  if (i < CROSS_CHECK_ROWS) {
    for (const [label, rule] of conditions) {
      if (engine.evaluate(rule).nodeValue !== held.get(label)) crossCheckFailures.push(`row ${i + 1}: ${rule}`)
    }
    for (const [c, rule] of columns) {
      if (engine.evaluate(rule).nodeValue !== cols.get(c).nodeValue) crossCheckFailures.push(`row ${i + 1}: ${rule}`)
    }
  }
  checks[i] = { held, cols }
}

// --- comparison ----------------------------------------------------------------------------
let compared = 0
let baremeErrors = 0
let badInput = 0
let amountMismatches = 0
let otherMismatches = 0
let eligibleRows = 0
let nonZero = 0
const details = []
const errorCodes = new Map()
for (let i = 0; i < n; i++) {
  const r = results.rows[i]
  if (Number(r[col.row]) !== i + 1) usage(`${resultsPath}: row ${i + 1} is numbered ${r[col.row]}`)
  const error = r[col.error]
  if (error) {
    const code = error.split(/[:\s]/)[0]
    if (RUNTIME_ERRORS.has(code)) {
      baremeErrors++
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1)
    } else {
      badInput++
    }
    continue
  }
  compared++
  const baremeEligible = r[col.eligible] === 'true'
  if (baremeEligible) eligibleRows++
  const baremeCents = cents(r[col.amount])
  if (baremeCents !== 0) nonZero++
  const problems = []
  let amountDiffers = false
  if (thrown[i]) {
    amountDiffers = true
    problems.push(`Publicodes threw: ${String(thrown[i].message ?? thrown[i]).split('\n').filter(Boolean).slice(0, 3).join(' / ')}`)
  } else {
    const pc = publicodesCents(amounts[i])
    if (Math.abs(baremeCents) > Number.MAX_SAFE_INTEGER) {
      amountDiffers = true
      problems.push(`amount: Barème ${r[col.amount]} €, beyond 2^53 cents, which Publicodes numbers cannot hold exactly`)
    } else if (pc !== baremeCents) {
      amountDiffers = true
      problems.push(`amount: Barème ${r[col.amount]} €, Publicodes ${amounts[i].nodeValue === undefined ? '(undefined: missing inputs)' : `${amounts[i].nodeValue} ${amounts[i].unit ? amounts[i].unit.numerators.join('.') : ''}`} (${amountRule})`)
    }
    const { held, cols } = checks[i]
    const baremeFailed = new Set(r[col.failed] ? r[col.failed].split('|') : [])
    for (const label of baremeFailed) {
      if (!conditions.has(label)) problems.push(`Barème fails condition "${label}", which the model does not have`)
    }
    for (const [label, v] of held) {
      const publicodesFailed = v !== true
      if (publicodesFailed !== baremeFailed.has(label)) {
        problems.push(`condition "${label}" (${conditions.get(label)}): Barème ${baremeFailed.has(label) ? 'fails' : 'holds'}, Publicodes ${JSON.stringify(v)}`)
      }
    }
    const publicodesEligible = [...held.values()].every((v) => v === true)
    if (conditions.size && publicodesEligible !== baremeEligible) {
      problems.push(`eligible: Barème ${baremeEligible}, Publicodes ${publicodesEligible}`)
    }
    for (const [c, evaluation] of cols) {
      const text = r[col[c]]
      const pc2 = publicodesCents(evaluation)
      if (text === '' || pc2 !== cents(text)) {
        problems.push(`${c}: Barème ${text === '' ? '(empty)' : text + ' €'}, Publicodes ${evaluation.nodeValue} ${evaluation.unit ? evaluation.unit.numerators.join('.') : ''} (${columns.get(c)})`)
      }
    }
  }
  if (!problems.length) continue
  if (amountDiffers) amountMismatches++
  else otherMismatches++
  if (details.length < options.details) {
    const app = Object.fromEntries(apps.header.map((h, j) => [h, apps.rows[i][j]]))
    details.push({ row: i + 1, problems, application: app })
  }
}

// --- report --------------------------------------------------------------------------------
const situationSeconds = Number(situationNs) / 1e9
const evaluateSeconds = Number(evaluateNs) / 1e9
const loopSeconds = situationSeconds + evaluateSeconds
const checkSeconds = Number(checkNs) / 1e9
const summary = {
  scheme,
  model: path.relative(process.cwd(), modelPath),
  publicodes_version: JSON.parse(fs.readFileSync(path.join(here, 'node_modules/publicodes/package.json'), 'utf8')).version,
  node_version: process.version,
  rows: n,
  compared,
  bareme_runtime_errors: baremeErrors,
  bareme_error_codes: Object.fromEntries(errorCodes),
  bareme_bad_input_rows: badInput,
  eligible: eligibleRows,
  nonzero_amounts: nonZero,
  amount_mismatches: amountMismatches,
  other_mismatches: otherMismatches,
  cross_check_failures: crossCheckFailures.length,
  conditions_compared: conditions.size,
  columns_compared: [...columns.keys()],
  yaml_parse_ms: yamlMs,
  engine_construction_ms: engineMs,
  csv_read_ms: readMs,
  set_situation_s: situationSeconds,
  evaluate_s: evaluateSeconds,
  loop_s: loopSeconds,
  publicodes_rows_per_s: n / loopSeconds,
  check_s: checkSeconds,
  publicodes_every_condition_rows_per_s: n / (loopSeconds + checkSeconds),
  publicodes_warnings: warnings.length,
}

const fmt = (x) => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ')
const us = (s) => (s / n * 1e6).toFixed(0)
console.log(`${scheme}: ${n} rows, ${compared} compared (${eligibleRows} eligible, ${nonZero} with a non-zero amount); not compared: ${baremeErrors} with a Barème runtime error${baremeErrors ? ' ' + JSON.stringify(summary.bareme_error_codes) : ''}, ${badInput} bad input rows`)
console.log(`  compared on every row: the amount in cents, eligibility, ${conditions.size} conditions${columns.size ? ', ' + [...columns.keys()].join(', ') : ''}`)
console.log(`  amount mismatches: ${amountMismatches}; rows with other differences (eligibility, conditions, columns) but the same amount: ${otherMismatches}`)
for (const d of details) {
  console.log(`  row ${d.row}:`)
  for (const p of d.problems) console.log(`    ${p}`)
  console.log(`    application: ${JSON.stringify(d.application)}`)
}
if (crossCheckFailures.length) {
  console.log(`  evaluateNode and evaluate() disagree (${crossCheckFailures.length}): ${crossCheckFailures.slice(0, 5).join('; ')}`)
}
console.log(`  Publicodes ${summary.publicodes_version}, Node ${process.version}: YAML parse ${yamlMs.toFixed(1)} ms, Engine construction ${engineMs.toFixed(1)} ms, reading the CSV files ${readMs.toFixed(0)} ms (not in the loop)`)
console.log(`  Publicodes loop (setSituation + evaluate the amount, ${n} rows): ${loopSeconds.toFixed(2)} s, ${fmt(summary.publicodes_rows_per_s)} rows/s; per row ${us(situationSeconds)} µs setSituation + ${us(evaluateSeconds)} µs evaluate`)
console.log(`  Publicodes with every condition and compared column evaluated too (what bareme score reports): ${(loopSeconds + checkSeconds).toFixed(2)} s, ${fmt(summary.publicodes_every_condition_rows_per_s)} rows/s`)
if (warnings.length) {
  console.log(`  Publicodes warnings: ${warnings.length}; first: ${warnings[0].split('\n').filter(Boolean).slice(0, 4).join(' / ')}`)
}
if (options.json) fs.writeFileSync(options.json, JSON.stringify(summary, null, 2) + '\n')
process.exit(amountMismatches || otherMismatches || crossCheckFailures.length ? 1 : 0)
