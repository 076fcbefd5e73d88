// The order in which Publicodes tries the aids that replace each level of the aides-vélo model
// (publicodes 1.10 `replace`: higher `priorité` first, then rule names in descending
// localeCompare order; the level is the first applicable one). Prints JSON {level: [aid rules]},
// and says whether the order is the same under the French and the root collations.
//
//   node replacement_order.mjs [--check]
import { loadModel, modelAids } from './model.mjs'

const rules = loadModel()
const aids = modelAids(rules)
const order = (locale) => {
  const out = {}
  for (const a of aids) (out[a.level] ??= []).push(a)
  for (const level of Object.keys(out)) {
    out[level] = out[level].reverse().sort((a, b) => (b.priority - a.priority) || (locale ? b.rule.localeCompare(a.rule, locale) : b.rule.localeCompare(a.rule))).map((a) => a.rule)
  }
  return out
}
const here = order(undefined)
const same = ['fr', 'en', 'und'].every((l) => JSON.stringify(order(l)) === JSON.stringify(here))
if (process.argv.includes('--check')) {
  console.log(`replacement_order: default locale ${Intl.Collator().resolvedOptions().locale}; the same order under fr, en and root: ${same}`)
  process.exit(same ? 0 : 1)
}
console.log(JSON.stringify(here, null, 2))
