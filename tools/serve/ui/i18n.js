// The playground's own strings in English and French (scheme texts are shown as the scheme gives them).
const strings = {
  en: {},
  fr: {
    skip: 'Aller au contenu', playground: 'bac à sable', token: 'Jeton', close: 'Fermer',
    loading: 'Chargement…', schemes: 'Dispositifs', pick: 'Choisissez un dispositif.',
    form: 'Simulateur', doc: 'Documentation', next: 'Questions suivantes',
    answered: 'Réponses données', other: 'Autres données', result: 'Résultat',
    eligible: 'Éligible', not_eligible: 'Non éligible', undecided: 'Pas encore décidable', failure: 'Erreur de calcul',
    stale: 'Corrigez les valeurs invalides pour voir le résultat.', bad_address: 'Adresse invalide',
    amount: 'Montant', failed: 'Conditions non remplies', explain: 'Explication',
    errors: 'Erreurs', unset: '— non renseigné —', yes: 'oui', no: 'non', default: 'par défaut',
    parameters: 'Paramètres', tables: 'Barèmes (tables)', assumptions: 'Hypothèses',
    conditions: 'Conditions', inputs: 'Données demandées', from: 'du', until: 'au',
    value: 'Valeur', citation: 'Référence', period: 'Période', always: 'toujours',
    source: 'Source', name: 'Nom', type: 'Type', description: 'Description',
    asked_next: 'à demander ensuite', bad_value: 'Valeur invalide', output: 'Résultat',
    outputs: 'Valeurs calculées', any: 'tout', none: 'aucune', reset: 'Tout effacer', missing_ranked: 'peut changer le résultat',
  },
};
const english = {
  skip: 'Skip to content', playground: 'playground', token: 'Token', close: 'Close',
  loading: 'Loading…', schemes: 'Schemes', pick: 'Pick a scheme.', form: 'Simulator',
  doc: 'Documentation', next: 'Next questions', answered: 'Your answers', other: 'Other inputs',
  result: 'Result', eligible: 'Eligible', not_eligible: 'Not eligible',
  undecided: 'Cannot decide yet', failure: 'Evaluation error',
  stale: 'Fix the invalid values to see the result.', bad_address: 'Bad address', amount: 'Amount', failed: 'Failed conditions',
  explain: 'Explanation', errors: 'Errors', unset: '— not given —', yes: 'yes', no: 'no',
  default: 'default', parameters: 'Parameters', tables: 'Tables', assumptions: 'Assumptions',
  conditions: 'Conditions', inputs: 'Inputs', from: 'from', until: 'until', value: 'Value',
  citation: 'Citation', period: 'Period', always: 'always', source: 'Source', name: 'Name',
  type: 'Type', description: 'Description', asked_next: 'ask next', bad_value: 'Invalid value',
  output: 'Output', outputs: 'Outputs', any: 'any', none: 'none', reset: 'Clear all',
  missing_ranked: 'can change the result',
};
strings.en = english;

let lang = localStorage.getItem('bareme-lang') === 'fr' ? 'fr' : 'en';

export function t(key) {
  return strings[lang][key] || english[key] || key;
}

export function language() {
  return lang;
}

export function setLanguage(value) {
  lang = value === 'fr' ? 'fr' : 'en';
  localStorage.setItem('bareme-lang', lang);
  document.documentElement.lang = lang;
}

// Translates the static elements marked data-t.
export function translateStatic(root = document) {
  for (const node of root.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
}
