// The constants that the aides-vélo model compares its numeric questions with (price, income per
// share or per household, age, household size, tax shares…), per aid and over the whole model, so
// that the generator can put inputs exactly on every threshold and one cent around it.
import { comparisons, ruleStrings } from './model.mjs'

// Which kind of input a name compared in the model stands for.
function categoryOfName(name) {
  if (/(^|\. )revenu fiscal de référence par part$/.test(name)) return 'rfr_part'
  if (/(^|\. )revenu de référence$/.test(name)) return 'rfr'
  if (/(^|\. )prix \. HT$/.test(name)) return 'prix_ht'
  if (/^(vélo \. )?prix$/.test(name)) return 'prix'
  if (/(^|\. )âge$/.test(name)) return 'age'
  if (/(^|\. )personnes$/.test(name)) return 'personnes'
  if (/(^|\. )nombre de parts$/.test(name)) return 'parts'
  return null
}

const PER_YEAR = { '€/an': 1, '€/mois': 12, '€': 1, '': 1 }
const VAT = 1.2

// The rule a relative reference written in rule `from` names (Publicodes' lookup: from the
// innermost namespace outwards).
function resolve(rules, from, ref) {
  const parts = from.split(' . ')
  for (let i = parts.length; i >= 0; i--) {
    const name = [...parts.slice(0, i), ref].join(' . ')
    if (name in rules) return name
  }
  return null
}

export function analyse(rules, aids, questions) {
  const numeric = questions.filter((q) => q.kind === 'number')
  const ruleOfCat = {}
  for (const q of numeric) {
    const c = categoryOfName(q.rule)
    if (c === 'rfr') ruleOfCat.rfr = q.rule
    else if (c === 'prix') ruleOfCat.prix = q.rule
    else if (c && !ruleOfCat[c]) ruleOfCat[c] = q.rule
  }
  const catOfRule = new Map(Object.entries(ruleOfCat).map(([c, r]) => [r, c]))
  const names = Object.keys(rules).sort((a, b) => b.length - a.length)

  // Constants of a set of rules, by category (incomes as {value €/an, perShare} or {rule}).
  function collect(ruleNames) {
    const pool = { prix: new Set(), age: new Set(), personnes: new Set(), parts: new Set(), income: new Map() }
    const addIncome = (t) => pool.income.set(JSON.stringify(t), t)
    for (const name of ruleNames) {
      const rule = rules[name]
      for (const c of comparisons(rule)) {
        let cat = categoryOfName(c.name)
        if (!cat) {
          const q = numeric.find((q) => q.rule === c.name || q.rule.endsWith(' . ' + c.name))
          if (!q) continue
          cat = catOfRule.get(q.rule) ?? q.rule
        }
        if (cat === 'rfr_part' || cat === 'rfr') {
          if (c.unit in PER_YEAR) addIncome({ value: c.value * PER_YEAR[c.unit], perShare: cat === 'rfr_part' })
        } else if (cat === 'prix_ht') pool.prix.add(c.value * VAT)
        else (pool[cat] ??= new Set()).add(c.value)
      }
      // Incomes compared with another rule: `revenu fiscal de référence par part <= plafond état`.
      for (const [s] of ruleStrings(rule)) {
        const re = /(revenu fiscal de référence par part|revenu de référence)\s*(?:<=|>=|<|>)\s*([\p{L}][\p{L}\p{N}' .-]*[\p{L}\p{N}])/gu
        for (const m of s.matchAll(re)) {
          const target = resolve(rules, name, m[2].trim())
          if (target) addIncome({ rule: target, perShare: m[1].endsWith('par part') })
        }
      }
      // Prices where a cap starts to bind: `50 % * vélo . prix . HT` capped at `400 €`, and the caps.
      visit(rule, (node) => {
        const cap = typeof node.plafond === 'string' && node.plafond.match(/^\s*(\d+(?:\.\d+)?)\s*€\s*$/)
        if (!cap) return
        pool.prix.add(Number(cap[1]))
        const v = typeof node.valeur === 'string' && node.valeur.match(/^\s*(\d+(?:\.\d+)?)\s*%\s*\*\s*vélo \. prix( \. HT)?\s*$/)
        if (v) pool.prix.add((Number(cap[1]) / (Number(v[1]) / 100)) * (v[2] ? VAT : 1))
      })
    }
    return pool
  }

  // An aid's rules: itself, its sub-rules, and the rules outside `aides` that it names.
  function rulesOfAid(aid) {
    const own = Object.keys(rules).filter((n) => n === aid || n.startsWith(aid + ' . '))
    const text = own.map((n) => [...ruleStrings(rules[n])].map(([s]) => s).join('\n')).join('\n')
    const named = names.filter((n) => !n.startsWith('aides . ') && text.includes(n))
    return [...own, ...named]
  }

  const perAid = new Map(aids.map((a) => [a.rule, finish(collect(rulesOfAid(a.rule)))]))
  const global = finish(collect(Object.keys(rules)))

  function finish(p) {
    const out = { income: [...p.income.values()] }
    for (const [k, v] of Object.entries(p)) if (k !== 'income') out[k] = [...v].filter(Number.isFinite).sort((a, b) => a - b)
    return out
  }

  return {
    category: (rule) => catOfRule.get(rule) ?? null,
    ruleOf: (cat) => ruleOfCat[cat] ?? null,
    // The constants to draw from for a row aimed at `aid` (its own, else the model's).
    pool(aid) {
      const own = aid ? perAid.get(aid) : null
      const out = {}
      for (const k of Object.keys(global)) out[k] = own && own[k]?.length ? own[k] : global[k]
      return out
    },
    pickIncome(aid, r) {
      const own = aid ? perAid.get(aid).income : []
      const list = own.length && r.chance(0.85) ? own : global.income
      return list.length ? r.pick(list) : null
    },
  }
}

function visit(x, f) {
  if (Array.isArray(x)) for (const v of x) visit(v, f)
  else if (x && typeof x === 'object') { f(x); for (const v of Object.values(x)) visit(v, f) }
}
