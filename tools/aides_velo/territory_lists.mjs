// Prints the places a situation of the aides-vélo catalogue may name, from
// @etalab/decoupage-administratif: {communes, epcis, departements, regions}, each a list of
// [value, name] (an EPCI by its name, as the model compares it), sorted by value.
// Usage: node territory_lists.mjs DIR, where DIR/node_modules holds the packages.
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(path.resolve(process.argv[2] ?? '.', 'package.json'));
const data = (name) => require(`@etalab/decoupage-administratif/data/${name}.json`);
// Every code of the commune file (current, delegated and associated communes, municipal
// arrondissements): a form may send any of them.
const communes = new Map();
for (const c of data('communes')) if (!communes.has(c.code)) communes.set(c.code, c.nom);
const sorted = (pairs) => [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
process.stdout.write(JSON.stringify({
  communes: sorted(communes),
  epcis: sorted(new Map(data('epci').map((e) => [e.nom, e.code]))),
  departements: sorted(data('departements').map((d) => [d.code, d.nom])),
  regions: sorted(data('regions').map((r) => [r.code, r.nom])),
}));
