"""What evaluate, explain and missing return: the library's JSON read exactly (money as
Decimal), with attribute access and an HTML rendering for notebooks."""

import decimal
import html
import json


def _parse(text):
    return json.loads(text, parse_float=decimal.Decimal)


def _cell(value):
    if value is None:
        return "<i>undetermined</i>"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html.escape(str(value))


def _euros(amount):
    if amount is None:
        return None
    return f"{amount:,.2f} €".replace(",", "\u202f")


class Result:
    """One evaluated application: `eligible` (True, False, or None when undetermined), `amount`
    (a Decimal of euros, exact; None when undetermined), `failed` (the refused conditions as
    dicts: condition, citation, message), `failed_conditions` (their names), `errors` (a runtime
    error's code, message, rule...), `outputs` (declared outputs: name -> value, an error when
    it could not be computed)
    and `json`, everything the library returned (what `bareme eval` prints)."""

    def __init__(self, text):
        self.text = text if isinstance(text, str) else None
        self.json = _parse(text) if isinstance(text, str) else text
        body = self.json.get("result", self.json) if isinstance(self.json, dict) else {}
        self._body = body
        self.scheme = body.get("scheme")
        self.evaluation_date = body.get("evaluation_date")
        self.eligible = body.get("eligible")
        amount = body.get("amount")
        self.amount = decimal.Decimal(amount) if isinstance(amount, (int, decimal.Decimal)) else amount
        self.failed = body.get("failed", [])
        self.failed_conditions = [f.get("condition") for f in self.failed]
        self.errors = body.get("errors", [])
        raw = body.get("outputs") or []
        self._outputs = raw if isinstance(raw, list) else [{"name": k, "value": v} for k, v in raw.items()]
        # name -> value (money and numbers as Decimal); an output that failed maps to its error.
        self.outputs = {o.get("name"): o.get("value", o.get("error")) for o in self._outputs}
        self.combines = body.get("combines", [])

    @property
    def error(self):
        """The runtime error's code when undetermined (`MissingInput`), else None."""
        return self.errors[0].get("code") if self.errors else None

    def __getitem__(self, key):
        return self._body[key]

    def __repr__(self):
        if self.eligible is None:
            return f"<bareme.Result {self.scheme}: undetermined ({self.error})>"
        word = "eligible" if self.eligible else "not eligible"
        return f"<bareme.Result {self.scheme}: {word}, amount {self.amount} €>"

    def _repr_html_(self):
        rows = [("scheme", _cell(self.scheme)), ("eligible", _cell(self.eligible)),
                ("amount", _cell(_euros(self.amount)))]
        if self.evaluation_date:
            rows.append(("evaluated as of", _cell(self.evaluation_date)))
        for f in self.failed:
            detail = f.get("message") or ""
            if f.get("citation"):
                detail += f" (§ {f['citation']})"
            rows.append((f"✗ {html.escape(str(f.get('condition')))}", html.escape(detail)))
        for e in self.errors:
            rows.append((f"error {html.escape(str(e.get('code')))}", html.escape(str(e.get("message", "")))))
        for o in self._outputs:
            shown = o.get("text", o.get("value", o.get("error")))
            rows.append((html.escape(str(o.get("name"))), _cell(shown)))
        body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>"
                       for k, v in rows)
        return f"<table class='bareme-result'>{body}</table>"


class Explanation(dict):
    """`bareme explain --format json`: a dict with "result", "roots" and "nodes" (a graph: nodes
    are shared); `result` is the Result, `node(id)` a node; `_repr_html_` draws the tree."""

    def __init__(self, text):
        super().__init__(_parse(text))
        self.result = Result(self.get("result", {}))
        self._nodes = {n.get("id"): n for n in self.get("nodes", [])}

    def node(self, ident):
        return self._nodes.get(ident)

    def _node_html(self, ident, seen, depth):
        n = self._nodes.get(ident)
        if n is None:
            return ""
        label = f"<b>{html.escape(str(n.get('name')))}</b> = {html.escape(str(n.get('value')))}"
        label += f" <small>({html.escape(str(n.get('kind')))})</small>"
        if n.get("citation"):
            label += f" <small>§ {html.escape(n['citation'])}</small>"
        if n.get("detail"):
            label += f" <i>{html.escape(n['detail'])}</i>"
        uses = n.get("uses", [])
        if ident in seen or depth > 50:
            return f"<li>{label}{' (see above)' if uses else ''}</li>"
        seen.add(ident)
        children = "".join(self._node_html(u, seen, depth + 1) for u in uses)
        return f"<li>{label}<ul>{children}</ul></li>" if children else f"<li>{label}</li>"

    def _repr_html_(self):
        seen = set()
        tree = "".join(self._node_html(r, seen, 0) for r in self.get("roots", []))
        return f"<div class='bareme-explanation'>{self.result._repr_html_()}<ul>{tree}</ul></div>"


class Missing(dict):
    """`bareme eval --missing` as a dict (status, eligible, amount, failed_condition, error,
    missing, undecided, asked, answered); `inputs` is the ranked list of input names still to
    ask (ask the first first), empty when the result is decided; `amount` a Decimal."""

    def __init__(self, text):
        super().__init__(_parse(text))

    @property
    def inputs(self):
        return [m.get("input", m.get("name")) if isinstance(m, dict) else m for m in self.get("missing", [])]

    @property
    def status(self):
        return self.get("status")

    @property
    def eligible(self):
        return self.get("eligible")

    @property
    def amount(self):
        amount = self.get("amount")
        return decimal.Decimal(amount) if isinstance(amount, (int, decimal.Decimal)) else amount

    def __repr__(self):
        return f"<bareme.Missing {self.status}: ask {', '.join(self.inputs) or 'nothing'}>"

    def _repr_html_(self):
        items = []
        for m in self.get("missing", []):
            if not isinstance(m, dict):
                continue
            doc = f" <i>{html.escape(str(m.get('doc') or ''))}</i>" if m.get("doc") else ""
            items.append(f"<li><b>{html.escape(str(m.get('input')))}</b> : {html.escape(str(m.get('type')))}"
                         f" <small>(decides {html.escape(str(m.get('decides')))})</small>{doc}</li>")
        head = html.escape(str(self.status))
        failed = self.get("failed_condition")
        if isinstance(failed, dict):
            head += f": {html.escape(str(failed.get('condition')))} fails ({html.escape(str(failed.get('message')))})"
        elif self.eligible:
            head += f", amount {_euros(self.amount)}"
        return f"<div class='bareme-missing'><b>{head}</b><ol>{''.join(items)}</ol></div>"
