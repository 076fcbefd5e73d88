// Prints, for each aid of @betagouv/aides-velo, the INSEE codes of the communes where it may
// apply (from its collectivity and @etalab/decoupage-administratif), or ["pays:X"].
// Usage: node territories.mjs DIR, where DIR/node_modules holds the packages.
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(path.resolve(process.argv[2] ?? '.', 'package.json'));
const { aidesAvecLocalisation } = require('@betagouv/aides-velo/data');
const communes = require('@etalab/decoupage-administratif/data/communes.json')
  .filter((c) => c.type === 'commune-actuelle');
const epcis = require('@etalab/decoupage-administratif/data/epci.json');
const out = {};
for (const [rule, { collectivity: c }] of Object.entries(aidesAvecLocalisation)) {
  if (c.kind === 'code insee') out[rule] = [c.value];
  else if (c.kind === 'epci') out[rule] = (epcis.find((e) => e.code === c.code)?.membres ?? []).map((m) => m.code);
  else if (c.kind === 'département') out[rule] = communes.filter((x) => x.departement === c.value).map((x) => x.code);
  else if (c.kind === 'région') out[rule] = communes.filter((x) => x.region === c.value).map((x) => x.code);
  else out[rule] = [`pays:${c.value}`];
}
process.stdout.write(JSON.stringify(out));
