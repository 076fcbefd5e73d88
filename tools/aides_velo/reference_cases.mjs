// For each aid of @betagouv/aides-velo, finds a situation where Publicodes grants it an amount,
// and one in another territory, and prints what Publicodes computes for both (JSON): the
// generator turns them into each aid's `test` blocks. Usage: node reference_cases.mjs DIR
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(process.argv[2] ?? '.', 'package.json'));
const publicodes = require('publicodes');
const Engine = publicodes.default ?? publicodes.Engine ?? publicodes;
const rulesModule = require('@betagouv/aides-velo/rules');
const rules = rulesModule.default ?? rulesModule;
const { aidesAvecLocalisation } = require('@betagouv/aides-velo/data');
const allCommunes = require('@etalab/decoupage-administratif/data/communes.json');
const communes = allCommunes.filter((c) => c.type === 'commune-actuelle');
const epcis = require('@etalab/decoupage-administratif/data/epci.json');

const silent = { log() {}, warn() {}, error() {} };
const engine = new Engine(rules, { logger: silent });
const modelEpciName = {};
for (const { collectivity: c } of Object.values(aidesAvecLocalisation))
  if (c.kind === 'epci') modelEpciName[c.code] = c.value;
const epciOf = {};
for (const e of epcis) for (const m of e.membres) epciOf[m.code] = modelEpciName[e.code] ?? e.nom;

function place(code) {
  if (code === '99137' || code === '99138') return { 'localisation . code insee': `'${code}'` };
  const commune = communes.find((c) => c.code === code) ?? allCommunes.find((c) => c.code === code);
  if (!commune) return { 'localisation . code insee': `'${code}'` };
  const out = {
    'localisation . code insee': `'${code}'`,
    'localisation . département': `'${commune.departement}'`,
    'localisation . région': `'${commune.region}'`,
  };
  if (epciOf[code]) out['localisation . epci'] = `'${epciOf[code].replaceAll("'", "'")}'`;
  return out;
}

function communeOf(c) {
  if (c.kind === 'code insee') return c.value;
  if (c.kind === 'epci') return epcis.find((e) => e.code === c.code).membres[0].code;
  if (c.kind === 'département') return communes.find((x) => x.departement === c.value).code;
  if (c.kind === 'région') return communes.find((x) => x.region === c.value).code;
  return c.value === 'Luxembourg' ? '99137' : '99138';
}

const ownQuestions = (aid) => Object.keys(rules).filter((r) => r.startsWith(`${aid} . `) &&
  rules[r] && (rules[r].question || rules[r].type === 'booléen'));

function* profiles(aid) {
  const types = ['électrique', 'cargo électrique', 'mécanique simple', 'adapté', 'motorisation',
    'cargo', 'pliant', 'pliant électrique'];
  for (const own of [false, true])
    for (const revenu of [5000, 12000, 20000])
      for (const type of types)
        for (const état of ['neuf', 'occasion'])
          for (const [statut, handicap, âge] of [['salarié', 'non', 30], ['étudiant', 'oui', 20]])
            for (const prix of [1000, 2500]) {
              const s = {
                'vélo . type': `'${type}'`, 'vélo . état': `'${état}'`, 'vélo . prix': `${prix} €`,
                'revenu fiscal de référence par part . revenu de référence': `${revenu} €/an`,
                'demandeur . statut': `'${statut}'`, 'demandeur . en situation de handicap': handicap,
                'demandeur . âge': `${âge} an`,
              };
              if (own) for (const q of ownQuestions(aid)) s[q] = 'oui';
              yield s;
            }
}

const value = (rule) => engine.evaluate(rule).nodeValue;
const out = {};
for (const [aid, { collectivity }] of Object.entries(aidesAvecLocalisation)) {
  const where = place(communeOf(collectivity));
  let found = null;
  for (const profile of profiles(aid)) {
    const situation = { ...where, ...profile };
    engine.setSituation(situation);
    const v = value(aid);
    if (typeof v === 'number' && v > 0) { found = { situation, value: v }; break; }
  }
  // Elsewhere: Paris for every aid but those of Paris and Île-de-France, Toulouse for those.
  const away = collectivity.kind === 'région' && collectivity.value === '11' ||
    ['75056'].includes(collectivity.value) ? '31555' : '75056';
  const elsewhere = { ...(found?.situation ?? {}), ...place(away) };
  if (!place(away)['localisation . epci']) delete elsewhere['localisation . epci'];
  engine.setSituation(elsewhere);
  out[aid] = { applies: found, elsewhere: { situation: elsewhere, value: value(aid) ?? null } };
}
// Whole-catalogue cases: where these aids apply, every level and the total.
out.catalogue = [];
for (const aid of ['aides . paris', 'aides . toulouse', 'aides . occitanie vélo adapté',
  'aides . villefranche beaujolais saône', 'aides . caen la mer', 'aides . luxembourg',
  'aides . granville', 'aides . cévennes gangeoises et suménoises']) {
  const situation = out[aid]?.applies?.situation;
  if (!situation) continue;
  engine.setSituation(situation);
  const levels = {};
  for (const level of ['commune', 'intercommunalité', 'département', 'région', 'état'])
    levels[level] = value(`aides . ${level}`) ?? null;
  out.catalogue.push({ title: aid.slice(8), situation, levels, total: value('aides . montant') });
}
process.stdout.write(JSON.stringify(out));
