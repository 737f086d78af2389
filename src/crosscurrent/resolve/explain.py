"""Why two records are, or are not, one entity: the evidence each rule weighed.

The explanation is built from what the asking caller can see, so it can never
show a value the caller may not read. Two people the scored model decided are
explained by the model the caller's own view trained: each comparison's level
and weight in bits, and the total against the threshold. Otherwise the rules'
evidence is listed: identifiers, names, birth dates and phones.
"""

from dataclasses import dataclass

import duckdb

from crosscurrent.resolve import rules, score, scored
from crosscurrent.resolve.rules import Key, Profile
from crosscurrent.store import view
from crosscurrent.store.judgements import in_force


@dataclass(frozen=True)
class Evidence:
    rule: str
    verdict: str
    """"links", "no link", or "vetoes"."""
    detail: str


def explain(
    con: duckdb.DuckDBPyConnection, caller: view.Caller, a: Key, b: Key
) -> list[Evidence] | None:
    """The evidence between two records the caller can see; None if it cannot see both."""
    found = view.profiles(con, caller, [a, b])
    if a not in found or b not in found:
        return None
    pa, pb = found[a], found[b]
    people = view.decision(con, caller).people
    if people is not None and a in people.records and b in people.records:
        # The model decided these two people: its weights are the evidence.
        out = [_identifiers(pa, pb), *_weights(people, a, b)]
    else:
        out = [_identifiers(pa, pb), _names(pa, pb), _births(pa, pb), _phones(pa, pb)]
    if pa.agency == pb.agency and pa.key[1] == pb.key[1]:
        out.append(Evidence("same agency record", "links", f"{pa.agency} record {pa.key[1]}"))
    for j in in_force(con):
        if {j.left, j.right} == {a, b}:
            # Another agency's analyst is named by the agency only: its staff are its own.
            who = j.by if j.agency == caller.agency else j.agency
            out.append(Evidence("judgement", j.verdict.value, f"by {who} on {j.at:%Y-%m-%d}"))
    canon = view.clusters(con, caller)
    together = canon.get(a) == canon.get(b)
    out.append(Evidence("result", "one entity" if together else "two entities", ""))
    return out


def _weights(people: scored.People, a: Key, b: Key) -> list[Evidence]:
    """Each comparison's level and weight in the caller's model, and the total."""
    s = score.score(people.model, people.records[a], people.records[b])
    out = [Evidence(f"model: {e.comparison}", e.level, f"{e.weight:+.1f} bits") for e in s.evidence]
    prior = s.weight - sum(s.weights)
    verdict = "links" if s.probability >= scored.THRESHOLD else "no link"
    detail = f"{s.weight:+.1f} bits ({prior:+.1f} prior), probability {s.probability:.3f}"
    out.append(Evidence("model: total", verdict, detail))
    return out


def _identifiers(a: Profile, b: Profile) -> Evidence:
    if rules.family(a.schema) != rules.family(b.schema):
        return Evidence("identifiers", "no link", f"{a.schema} and {b.schema} never merge")
    shared = sorted(a.strong & b.strong)
    if shared:
        return Evidence("identifiers", "links", "same " + ", ".join(shared))
    return Evidence("identifiers", "no link", "no document, serial, IBAN or place in common")


def _names(a: Profile, b: Profile) -> Evidence:
    common = sorted(a.tokens & b.tokens)
    detail = f"name parts in common (consonant skeletons): {', '.join(common) or 'none'}"
    return Evidence("names", "links" if len(common) >= 2 else "no link", detail)


def _births(a: Profile, b: Profile) -> Evidence:
    if rules.conflicting_births(a, b):
        both = f"{', '.join(sorted(a.births))} vs {', '.join(sorted(b.births))}"
        return Evidence("birth dates", "vetoes", both)
    common = sorted(a.births & b.births)
    return Evidence("birth dates", "links" if common else "no link", ", ".join(common) or "n/a")


def _phones(a: Profile, b: Profile) -> Evidence:
    common = sorted(a.phones & b.phones)
    return Evidence("phones", "links" if common else "no link", ", ".join(common) or "none shared")
