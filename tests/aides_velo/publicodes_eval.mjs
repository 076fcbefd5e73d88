// Evaluates the situations of the aides-vélo differential test with Publicodes: for each row, every
// aid of the manifest, every level and the total, as raw numbers (null when not applicable).
//
//   node publicodes_eval.mjs --manifest M --situations S.jsonl --output OUT.jsonl [--jobs N] [--verify K]
//
// A value is a number, null (not applicable) or "undetermined" (Publicodes could not decide).
//
// One Engine per worker, `setSituation` per row. Aids and the total are evaluated from their parsed
// rules (`evaluateNode`, what a reference to them evaluates); levels through `evaluate(name)`, as a
// reference, so that the `remplace` of the aids applies. --verify K checks on the first K rows
// that every aid also gives the same value through `evaluate(name)`.
import fs from 'node:fs'
import os from 'node:os'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import Engine from 'publicodes'
import { readLines, writeLines } from './lines.mjs'
import { loadModel, loadManifest } from './model.mjs'

function parseArgs(argv) {
  const a = { jobs: Math.min(2, os.availableParallelism?.() ?? os.cpus().length), verify: 0 }
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]
    const v = () => { if (i + 1 >= argv.length) usage(`${k} needs a value`); return argv[++i] }
    if (k === '--manifest') a.manifest = v()
    else if (k === '--situations') a.situations = v()
    else if (k === '--output') a.output = v()
    else if (k === '--jobs') a.jobs = Number(v())
    else if (k === '--verify') a.verify = Number(v())
    else usage(`unknown argument ${k}`)
  }
  if (!a.manifest || !a.situations || !a.output) usage('--manifest, --situations and --output are needed')
  if (!Number.isInteger(a.jobs) || a.jobs < 1) usage('--jobs must be a positive integer')
  return a
}
function usage(msg) {
  console.error(`publicodes_eval: ${msg}\nusage: node publicodes_eval.mjs --manifest M --situations S.jsonl --output OUT.jsonl [--jobs N] [--verify K]`)
  process.exit(2)
}

const quiet = { log() {}, warn() {}, error() {} }
// A number, null (not applicable), or "undetermined": Publicodes leaves `nodeValue` undefined when
// it cannot decide (a reference cycle met at evaluation: the model has one, see known_differences.json).
const value = (node) => (node.nodeValue === undefined ? 'undetermined' : node.nodeValue)

// Evaluates `lines` (rows from `base`); returns the output lines and the verification failures.
function evaluateRows({ manifest, lines, base, verify }) {
  const engine = new Engine(loadModel(), { logger: quiet, warn: false })
  const rules = engine.context.parsedRules
  for (const r of [...manifest.aids.map((a) => a.rule), ...manifest.levels.map((l) => l.rule), manifest.total.rule]) {
    if (!rules[r]) throw new Error(`rule "${r}" of the manifest is not in the model`)
  }
  const out = []
  const mismatches = []
  for (let i = 0; i < lines.length; i++) {
    const row = JSON.parse(lines[i])
    const res = { row: row.row, aids: {}, levels: {}, total: null }
    try {
      engine.setSituation(row.situation)
      res.total = value(engine.evaluateNode(engine.context.parsedRules[manifest.total.rule]))
      for (const l of manifest.levels) res.levels[l.rule] = value(engine.evaluate(l.rule))
      for (const a of manifest.aids) res.aids[a.rule] = value(engine.evaluateNode(engine.context.parsedRules[a.rule]))
      if (base + i < verify) {
        for (const a of manifest.aids) {
          const slow = value(engine.evaluate(a.rule))
          if (slow !== res.aids[a.rule]) mismatches.push(`row ${row.row}, ${a.rule}: evaluateNode ${res.aids[a.rule]}, evaluate ${slow}`)
        }
        const slowTotal = value(engine.evaluate(manifest.total.rule))
        if (slowTotal !== res.total) mismatches.push(`row ${row.row}, total: evaluateNode ${res.total}, evaluate ${slowTotal}`)
      }
    } catch (e) {
      res.error = String(e?.message ?? e).split('\n').slice(0, 3).join(' ')
    }
    out.push(JSON.stringify(res))
  }
  return { out, mismatches }
}

if (!isMainThread) {
  parentPort.postMessage(evaluateRows(workerData))
} else {
  const args = parseArgs(process.argv.slice(2))
  const manifest = loadManifest(args.manifest)
  const lines = readLines(args.situations)
  const start = process.hrtime.bigint()
  const jobs = Math.max(1, Math.min(args.jobs, lines.length))
  const chunk = Math.ceil(lines.length / jobs)
  const parts = await Promise.all(Array.from({ length: jobs }, (_, j) => {
    const data = { manifest, lines: lines.slice(j * chunk, (j + 1) * chunk), base: j * chunk, verify: args.verify }
    if (jobs === 1) return evaluateRows(data)
    return new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: data })
      w.once('message', resolve)
      w.once('error', reject)
    })
  })).catch((e) => { console.error(`publicodes_eval: ${e.message}`); process.exit(2) })
  const out = parts.flatMap((p) => p.out)
  writeLines(args.output, out)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const errors = out.filter((l) => l.includes('"error":')).length
  const undetermined = out.filter((l) => l.includes('"undetermined"')).length
  console.log(`publicodes_eval: ${out.length} rows, ${manifest.aids.length} aids, ${manifest.levels.length} levels and the total each, ` +
    `in ${seconds.toFixed(1)} s (${(out.length / seconds).toFixed(0)} rows/s, ${jobs} worker${jobs > 1 ? 's' : ''}); ${errors} rows with an error, ${undetermined} with an undetermined value`)
  const mismatches = parts.flatMap((p) => p.mismatches)
  if (args.verify) {
    if (mismatches.length) {
      console.error(`publicodes_eval: evaluateNode and evaluate differ:\n  ${mismatches.slice(0, 20).join('\n  ')}`)
      process.exit(2)
    }
    console.log(`publicodes_eval: evaluateNode and evaluate agree on every aid and the total of the first ${Math.min(args.verify, out.length)} rows`)
  }
}
