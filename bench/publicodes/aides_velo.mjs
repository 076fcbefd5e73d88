// The aides-vélo catalogue through Publicodes (scripts/bench-aides-velo).
//
//   node aides_velo.mjs situations ROWS SEED OUT.csv
//     writes ROWS situations with the catalogue's inputs as columns (schemes/aides_velo): a
//     territory of an aid of @betagouv/aides-velo (its commune, département, région, EPCI) and
//     a buyer's profile, drawn with SEED;
//   node aides_velo.mjs evaluate SITUATIONS.csv ROWS BAREME_OUT.csv
//     evaluates `aides . montant` and the five levels of the first ROWS situations with one
//     Engine and setSituation per row, prints the rate as JSON, and compares each amount with
//     Barème's `score --all` output to the cent.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const publicodes = require('publicodes');
const Engine = publicodes.default ?? publicodes.Engine ?? publicodes;
const rulesModule = require('@betagouv/aides-velo/rules');
const rules = rulesModule.default ?? rulesModule;
const { aidesAvecLocalisation } = require('@betagouv/aides-velo/data');
const communes = require('@etalab/decoupage-administratif/data/communes.json')
  .filter((c) => c.type === 'commune-actuelle');
const epcis = require('@etalab/decoupage-administratif/data/epci.json');
const epciOf = {};
for (const e of epcis) for (const m of e.membres) epciOf[m.code] = e.nom;

const levels = ['commune', 'intercommunalité', 'département', 'région', 'état'];
// Barème's names of the levels (schemes/aides_velo/niveaux.bareme): plural.
const baremeLevels = ['communes', 'intercommunalités', 'départements', 'régions', 'états'];
const columns = ['code_insee', 'département', 'région', 'epci', 'type',
  'état', 'prix', 'revenu_de_référence', 'statut', 'en_situation_de_handicap', 'âge'];

function communeOf(c) {
  if (c.kind === 'code insee') return c.value;
  if (c.kind === 'epci') return epcis.find((e) => e.code === c.code)?.membres[0].code;
  if (c.kind === 'département') return communes.find((x) => x.departement === c.value)?.code;
  if (c.kind === 'région') return communes.find((x) => x.region === c.value)?.code;
  return c.value === 'Luxembourg' ? '99137' : '99138';
}

// A deterministic generator (mulberry32).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function situations(rows, seed, out) {
  const places = [];
  for (const { collectivity } of Object.values(aidesAvecLocalisation)) {
    const code = communeOf(collectivity);
    if (!code) continue;
    const c = communes.find((x) => x.code === code);
    places.push(c ? [code, c.departement, c.region, epciOf[code] ?? ''] : [code, '', '', '']);
  }
  const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
  const r = random(seed);
  const types = ['électrique', 'cargo électrique', 'mécanique simple', 'adapté', 'motorisation',
    'cargo', 'pliant', 'pliant électrique'];
  const lines = [columns.join(',')];
  for (let k = 0; k < rows; ++k) {
    const [statut, handicap, âge] = pick(r, [['salarié', 'false', '30'], ['étudiant', 'true', '20'],
      ['retraité', 'false', '70'], ['demandeur d\'emploi', 'false', '45']]);
    lines.push([...pick(r, places), pick(r, types), pick(r, ['neuf', 'occasion']),
      pick(r, ['500', '1000', '2500', '4000']), pick(r, ['5000', '12000', '20000', '40000']),
      statut, handicap, âge].map(quote).join(','));
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
}

// RFC 4180 enough for these files: quoted fields without line breaks.
function parse(line) {
  const out = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; ++i) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; ++i; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; } else field += ch;
  }
  out.push(field);
  return out;
}

function situation(row) {
  const s = {};
  const text = (v) => `'${v}'`;
  const set = (rule, v) => { if (v !== '' && v !== undefined) s[rule] = v; };
  set('localisation . code insee', row.code_insee && text(row.code_insee));
  set('localisation . département', row['département'] && text(row['département']));
  set('localisation . région', row['région'] && text(row['région']));
  set('localisation . epci', row.epci && text(row.epci));
  set('vélo . type', row.type && text(row.type));
  set('vélo . état', row['état'] && text(row['état']));
  set('vélo . prix', row.prix && `${row.prix} €`);
  set('revenu fiscal de référence par part . revenu de référence',
    row.revenu_de_référence && `${row.revenu_de_référence} €/an`);
  set('demandeur . statut', row.statut && text(row.statut));
  set('demandeur . en situation de handicap',
    row.en_situation_de_handicap && (row.en_situation_de_handicap === 'true' ? 'oui' : 'non'));
  set('demandeur . âge', row.âge && `${row.âge} an`);
  return s;
}

function evaluate(file, rows, bareme) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length);
  const header = parse(lines[0]);
  const records = lines.slice(1, rows + 1).map((l) => {
    const f = parse(l);
    return Object.fromEntries(header.map((h, i) => [h, f[i] ?? '']));
  });
  const engine = new Engine(rules, { logger: { log() {}, warn() {}, error() {} } });
  const targets = ['aides . montant', ...levels.map((l) => `aides . ${l}`)];
  const amount = (rule) => {
    const v = engine.evaluate(rule).nodeValue;
    // null: not applicable (0 €); undefined: Publicodes could not decide (the model's
    // Ville-sur-Jarnioux cycle, docs/schemes/aides_velo.md): such rows are not compared.
    if (v === undefined) return undefined;
    return typeof v === 'number' ? Math.round(v * 100) : 0;
  };
  const results = [];
  const started = process.hrtime.bigint();
  for (const r of records) {
    engine.setSituation(situation(r));
    results.push(targets.map(amount));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Barème's rows: row, the five levels, montant, total, ...
  const theirs = fs.readFileSync(bareme, 'utf8').split(/\r?\n/).slice(1);
  const head = parse(fs.readFileSync(bareme, 'utf8').split(/\r?\n/)[0]);
  const at = (name) => head.indexOf(name);
  const cents = (v) => Math.round(Number(v) * 100);
  let differ = 0, undetermined = 0;
  const examples = [];
  results.forEach((mine, k) => {
    if (mine.some((v) => v === undefined)) {
      ++undetermined;
      return;
    }
    const f = parse(theirs[k] ?? '');
    const bareme = [cents(f[at('montant.amount')]), ...baremeLevels.map((l) => cents(f[at(`${l}.amount`)]))];
    if (bareme.some((v, i) => v !== mine[i])) {
      ++differ;
      if (examples.length < 5) examples.push({ row: k + 1, publicodes: mine, bareme });
    }
  });
  console.log(JSON.stringify({ rows: records.length, seconds, rows_per_second: records.length / seconds, differ, undetermined, examples }));
}

const [command, ...args] = process.argv.slice(2);
if (command === 'situations') situations(Number(args[0]), Number(args[1]), args[2]);
else if (command === 'evaluate') evaluate(args[0], Number(args[1]), args[2]);
else {
  console.error('usage: aides_velo.mjs situations ROWS SEED OUT.csv | evaluate SITUATIONS.csv ROWS BAREME_OUT.csv');
  process.exit(2);
}
