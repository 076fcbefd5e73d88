// Places for the aides-vélo differential test: a commune with its real EPCI (named as the model
// spells it), département and région, from @etalab/decoupage-administratif, the way aides-velo's
// own AidesVeloEngine maps an EPCI's SIREN to the name its rules compare with.
import { aidesAvecLocalisation } from '@betagouv/aides-velo/data'
import { loadGeography, localisations } from './model.mjs'

const COUNTRIES = { Monaco: '99138', Luxembourg: '99137' }

export class Places {
  constructor(rules, aids) {
    this.geo = loadGeography()
    this.unresolved = new Set()
    // SIREN → the name the model uses (aidesAvecLocalisation first, as formatInputs does).
    this.epciName = new Map(this.geo.epcis.map((e) => [e.code, e.nom]))
    for (const { collectivity: c } of Object.values(aidesAvecLocalisation)) {
      if (c.kind === 'epci' && c.code) this.epciName.set(c.code, c.value)
    }
    this.epciByName = new Map()
    for (const e of this.geo.epcis) this.epciByName.set(e.nom, e)
    for (const [siren, name] of this.epciName) {
      const e = this.geo.epcis.find((x) => x.code === siren)
      if (e) this.epciByName.set(name, e)
    }
    // Per aid: the places its rules compare with, and the collectivity aides-velo lists for it.
    this.targets = new Map()
    for (const { rule } of aids) {
      const lits = []
      for (const [name, r] of Object.entries(rules)) {
        if (name === rule || name.startsWith(rule + ' . ')) lits.push(...localisations(r))
      }
      const c = aidesAvecLocalisation[rule]?.collectivity
      const main = c ? { kind: c.kind === 'pays' ? 'pays' : c.kind, value: c.kind === 'epci' ? c.value : c.value } : null
      this.targets.set(rule, { main, lits })
    }
  }

  commune(c, label) {
    const e = this.geo.epciOf.get(c.code)
    return {
      code: c.code, epci: e ? this.epciName.get(e.code) : '', departement: c.departement, region: c.region,
      pays: 'France', label: label ?? `${c.nom} (${c.code})`,
    }
  }

  // A place where `kind = value` holds.
  place(kind, value, r) {
    const any = (list) => (list?.length ? this.commune(r.pick(list)) : null)
    let p = null
    if (kind === 'code insee') {
      const c = this.geo.byCode.get(value)
      p = c ? this.commune(c) : null
      if (p && c.code !== value) p = { ...p, code: value, label: `${value}, part of ${p.label}` }
    } else if (kind === 'epci') {
      const e = this.epciByName.get(value)
      if (e) {
        const m = r.pick(e.membres)
        const c = this.geo.byCode.get(m.code)
        p = c ? { ...this.commune(c), epci: value } : null
      }
    } else if (kind === 'département') p = any(this.geo.byDepartement.get(value))
    else if (kind === 'région') p = any(this.geo.byRegion.get(value))
    else if (kind === 'pays') {
      const name = Object.keys(COUNTRIES).find((k) => k.toLowerCase() === value.toLowerCase())
      if (name) p = { code: COUNTRIES[name], epci: '', departement: '', region: '', pays: name, label: name }
      else if (value.toLowerCase() === 'france') p = null
    }
    if (!p) this.unresolved.add(`${kind} = '${value}'`)
    return p
  }

  // A place for a row aimed at `aid`: its collectivity, or any place its rules name.
  forAid(aid, r) {
    const t = this.targets.get(aid)
    const choices = []
    if (t?.main) choices.push(t.main)
    const lits = t?.lits.filter((l) => !(l.kind === 'pays' && l.value === 'France')) ?? []
    const pick = lits.length && (!choices.length || r.chance(0.4)) ? r.pick(lits) : choices[0]
    const p = pick ? this.place(pick.kind, pick.value, r) : null
    return p ?? this.anywhere(r)
  }

  // A commune anywhere (mostly where no local aid applies), sometimes no place at all.
  anywhere(r) {
    if (r.chance(0.08)) return { code: '', epci: '', departement: '', region: '', pays: 'France', label: 'no place' }
    return this.commune(r.pick(this.geo.communes))
  }
}
