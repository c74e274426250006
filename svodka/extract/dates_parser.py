"""The Earley parser that runs the dates grammar: yargy's algorithm, same results, faster.

yargy's ``Parser`` predicts every production of a rule at every position; with a grammar of
about 1,000 productions that is most of the work. ``LookaheadParser`` keeps yargy's grammar,
trees, ranking and interpretation but
- predicts a production only if the next two tokens can begin it (FIRST2 sets), and only if
  a later token of the window can match one of the terminals it must contain (``_set_musts``);
- keeps chart states as small tuples (one object each, children linked backwards) and builds
  yargy trees only for the matches it returns.
Every change keeps the derivations of complete matches, their order and their ranking, so
``findall`` returns exactly what yargy's ``Parser.findall`` returns on the same tokens.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from yargy import Parser
from yargy.rule.bnf import is_rule as is_bnf_rule
from yargy.tree import Leaf, Node

__all__ = ["LookaheadParser"]

_ANY = -1  # "any token": the production may end after its first token


class LookaheadParser(Parser):
    """yargy's Earley parser, predicting only productions whose first two tokens can match.

    yargy predicts every production of a rule at every position; with a grammar of a few
    hundred productions that is most of the work. FIRST2 sets (pairs of terminals a
    production can start with; nullable rules handled) are computed once, and a production
    is predicted only if the next two tokens can begin it, and a later token can match one
    of the terminals it must contain. The original production index is kept as the node
    rank, so ambiguity is resolved exactly as yargy does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = self._rules()
        terminals: dict[int, Any] = {}
        first2: dict[int, set[tuple[int, ...]]] = {id(r): set() for r in rules}
        changed = True
        while changed:
            changed = False
            for r in rules:
                acc = first2[id(r)]
                for prod in r.productions:
                    for seq in self._first2(prod.terms, first2, terminals):
                        if seq not in acc:
                            acc.add(seq)
                            changed = True
        # per rule: first terminal -> its productions, each with the second terminals
        # allowed after it ({_ANY}: any)
        self._by_first: dict[int, dict[int, list[tuple[int, frozenset[int]]]]] = {}
        self._null_rows: dict[int, list[int]] = {}  # nullable productions
        for r in rules:
            by_first: dict[int, list[tuple[int, frozenset[int]]]] = {}
            nulls = []
            for index, prod in enumerate(r.productions):
                seqs = self._first2(prod.terms, first2, terminals)
                pairs: dict[int, set[int]] = {}
                for seq in seqs:
                    if seq:
                        pairs.setdefault(seq[0], set()).add(seq[1] if len(seq) > 1 else _ANY)
                for a, b in pairs.items():
                    by_first.setdefault(a, []).append((index, frozenset(b)))
                if () in seqs:
                    nulls.append(index)
            self._by_first[id(r)], self._null_rows[id(r)] = by_first, nulls
        # per rule: the dot-0 item of each production, with its first term if a terminal
        self._starts: dict[int, list[tuple[_Item, Any]]] = {}
        self._nullable: dict[int, list[tuple[_Item, Any]]] = {}
        uids = itertools.count(1)
        for r in rules:
            starts = []
            for index, prod in enumerate(r.productions):
                head = prod.terms[0] if prod.terms else None
                starts.append((_Item.chain(r, prod, index, uids),
                               None if head is None or is_bnf_rule(head) else head))
            self._starts[id(r)] = starts
            self._nullable[id(r)] = [starts[i] for i in self._null_rows[id(r)]]
        assert next(uids) < 1 << 20
        self._set_musts(rules, {id(r) for r in rules if () in first2[id(r)]})
        for r in rules:  # all terminals, not only the first two of a production (musts)
            for prod in r.productions:
                terminals.update((id(t), t) for t in prod.terms if not is_bnf_rule(t))
        # index of terminals by the token keys that can satisfy them
        self._index: dict[tuple[str, str], list[Any]] = {}
        self._always: list[Any] = []
        for x in terminals.values():
            keys = _pred_keys(x)
            if keys is None:
                self._always.append(x)
            for key in keys or ():
                self._index.setdefault(key, []).append(x)
        self._matching: dict[tuple[str, str], frozenset[int]] = {}
        self._viable: dict[tuple[Any, ...], list[tuple[_Item, Any]]] = {}

    def _rules(self) -> list[Any]:
        seen: dict[int, Any] = {}
        stack = [self.rule]
        while stack:
            r = stack.pop()
            if id(r) in seen:
                continue
            seen[id(r)] = r
            for prod in r.productions:
                stack.extend(t for t in prod.terms if is_bnf_rule(t))
        return list(seen.values())

    def _set_musts(self, rules: list[Any], nullable: set[int]) -> None:
        """Give each production a set of terminals one of which every string it derives
        contains, when that says more than its first token (``_Item.must``): a production
        is predicted only if a later token of the window can match one of them ("27 —
        28": a range needs a dash or "по", "до", "и", "на" further on).

        The set is that of one non-empty term chosen once per production (the last
        terminal, else the last non-nullable rule); a rule's set is the union of its
        productions' sets, computed as the least fixed point (sound for recursion: every
        finite derivation bottoms out in a chosen terminal)."""
        def chosen(prod: Any) -> tuple[int, Any] | None:
            terms = [(i, t) for i, t in enumerate(prod.terms)
                     if not is_bnf_rule(t) or id(t) not in nullable]
            plain = [x for x in terms if not is_bnf_rule(x[1])]
            picks = plain or terms
            return picks[-1] if picks else None

        sets: dict[int, set[int]] = {id(r): set() for r in rules}
        changed = True
        while changed:
            changed = False
            for r in rules:
                if id(r) in nullable:
                    continue
                acc = sets[id(r)]
                for prod in r.productions:
                    pick = chosen(prod)
                    assert pick is not None  # a non-nullable rule: no empty production
                    new = sets[id(pick[1])] if is_bnf_rule(pick[1]) else {id(pick[1])}
                    if not new <= acc:
                        acc |= new
                        changed = True
        for r in rules:
            for item, _ in self._starts[id(r)]:
                pick = chosen(item.production)
                if pick is not None and pick[0] > 0:
                    item.must = frozenset(sets[id(pick[1])] if is_bnf_rule(pick[1])
                                          else {id(pick[1])})

    @staticmethod
    def _first2(terms: Any, first2: dict[int, set[tuple[int, ...]]], terminals: dict[int, Any],
                ) -> set[tuple[int, ...]]:
        """Terminal sequences (length 2, or shorter if the terms derive a shorter string)
        that a string derived from ``terms`` starts with."""
        cur: set[tuple[int, ...]] = {()}
        for term in terms:
            if all(len(x) == 2 for x in cur):
                break
            if is_bnf_rule(term):
                nxt = first2[id(term)]
            else:
                terminals[id(term)] = term
                nxt = {(id(term),)}
            out: set[tuple[int, ...]] = set()
            for a in cur:
                if len(a) == 2:
                    out.add(a)
                    continue
                for b in nxt:
                    out.add((a + b)[:2])
            cur = out
        return cur

    def _matches(self, token: Any) -> frozenset[int]:
        """Ids of the grammar's terminals that ``token`` satisfies (cached by type and text)."""
        tkey = (token.type, token.value)
        hit = self._matching.get(tkey)
        if hit is not None:
            return hit
        keys = [("t", token.type), ("v", token.value), ("lc", token.value.lower())]
        keys += [("n", f.normalized) for f in getattr(token, "forms", ())]
        cands: dict[int, Any] = {id(x): x for x in self._always}
        for key in keys:
            for x in self._index.get(key, ()):
                cands[id(x)] = x
        hit = frozenset(i for i, x in cands.items() if x(token))
        if len(self._matching) > 100_000 or len(self._viable) > 500_000:
            self._matching.clear()
            self._viable.clear()
        self._matching[tkey] = hit
        return hit

    def findall(self, tokens: Any) -> Any:
        """As yargy's ``findall`` (max-coverage non-overlapping matches of the best trees),
        but trees are built and ranked only for the chosen spans."""
        from yargy.parser import Match
        from yargy.span import resolve_spans
        from yargy.tree import Tree

        by_span: dict[tuple[int, int], list[Any]] = {}
        for stop, state in self.chart(tokens).matches():
            by_span.setdefault((state[1], stop), []).append(state)
        spans = sorted(by_span, key=lambda span: (span[0], -span[1]))  # yargy's Tree order
        memo: dict[int, Any] = {}
        out = []
        for span in resolve_spans(spans):
            trees = [Tree(_node(state, memo), span) for state in by_span[span]]
            best = sorted(trees)[0] if len(trees) > 1 else trees[0]  # yargy: the first
            # the grammar has no relations (agreement constraints): no need to validate them
            out.append(Match(best.normalized))
        return out

    # -- a leaner chart: the same Earley algorithm as yargy's, in the same order. A state is
    # a tuple (item, start column, derivation hash, previous state, last child): one
    # object per state, children found by walking back, so that the garbage collector has
    # little to scan. Its dedup key within a column is (item, start, hash) packed into one
    # int. Children are Leafs and completed states; yargy tree nodes are built only for
    # the matches (``_node``).

    def chart(self, tokens: Any, all: bool = True) -> _Chart:  # noqa: A002 - yargy's name
        columns = [_Column(0, None)] + [_Column(i, t) for i, t in enumerate(tokens, 1)]
        n = len(columns)
        matches = self._matches
        for k in range(1, n):
            columns[k].ok = matches(columns[k].token)
        for k in range(n - 2, -1, -1):
            columns[k].rest = columns[k + 1].rest | columns[k + 1].ok
        scan_cache: dict[tuple[int, int], bool] = {}
        self._leaves: dict[tuple[int, int], Any] = {}
        predict = self.predict
        top = self.rule
        for index in range(n):
            column = columns[index]
            next_column = columns[index + 1] if index + 1 < n else None
            column.ok2 = columns[index + 2].ok if index + 2 < n else None
            if index == 0 or all:
                predict(column, next_column, top)
            states, keys, waiting = column.states, column.keys, column.waiting
            predicted = column.predicted
            k = 0
            while k < len(states):
                state = states[k]
                k += 1
                item = state[0]
                if item.completed:
                    parents = columns[state[1]].waiting.get(item.rule_id)
                    if not parents:
                        continue
                    sid = id(state)
                    for parent in parents:
                        nxt = parent[0].advance
                        chash = hash((parent[2], sid))
                        key = ((chash << 32 | parent[1]) << 20) | nxt.uid
                        if key not in keys:
                            keys.add(key)
                            new = (nxt, parent[1], chash, parent, state)
                            states.append(new)
                            if nxt.next_is_rule:
                                waiting.setdefault(nxt.next_id, []).append(new)
                elif item.next_is_rule:
                    if item.next_id not in predicted:
                        predict(column, next_column, item.next_term)
                elif next_column is not None:
                    pred = item.next_term
                    token = next_column.token
                    skey = (id(pred), id(token))
                    ok = scan_cache.get(skey)
                    if ok is None:
                        ok = scan_cache[skey] = bool(pred(token))
                    if ok:
                        leaf = Leaf(pred, pred.constrain(token))
                        next_column.add((item.advance, state[1], hash((state[2], id(leaf))),
                                         state, leaf))
        return _Chart(columns, top)

    def predict(self, column: _Column, next_column: _Column | None, rule: Any) -> None:
        rid = id(rule)
        if rid in column.predicted:
            return  # predicting a rule twice at one position adds nothing
        column.predicted.add(rid)
        if next_column is None:  # end of input: only empty productions can still complete
            viable = self._nullable[rid]
        else:
            # which productions can start here depends only on the sets of grammar
            # terminals the next two tokens satisfy: cache by those
            ok1, ok2 = next_column.ok, column.ok2
            vkey = (rid, ok1, ok2)
            cached = self._viable.get(vkey)
            if cached is not None:
                viable = cached
            else:
                # a production is viable if it is nullable, or the next token can be its
                # first terminal and the token after next its second (or it may end there)
                chosen = set(self._null_rows[rid])
                by_first = self._by_first[rid]
                for a in ok1:
                    for index, seconds in by_first.get(a, ()):
                        if ok2 is None or _ANY in seconds or not seconds.isdisjoint(ok2):
                            chosen.add(index)
                starts = self._starts[rid]
                viable = [starts[i] for i in sorted(chosen)]
                self._viable[vkey] = viable
        start = column.index
        states, keys, waiting = column.states, column.keys, column.waiting
        rest = column.rest
        for item, first in viable:
            must = item.must
            if must is not None and must.isdisjoint(rest):
                continue  # no later token of the window can complete it
            if first is not None and next_column is not None:
                # a production that starts with a (matching) token: scan it right away
                lkey = (id(first), next_column.index)
                leaf = self._leaves.get(lkey)
                if leaf is None:
                    leaf = self._leaves[lkey] = Leaf(first, first.constrain(next_column.token))
                next_column.add((item.advance, start, hash((0, id(leaf))), None, leaf))
            else:
                key = (start << 20) | item.uid  # as in ``_Column.add``, hash 0
                if key not in keys:
                    keys.add(key)
                    new = (item, start, 0, None, None)
                    states.append(new)
                    if item.next_is_rule:
                        waiting.setdefault(item.next_id, []).append(new)


class _Item:
    """A production of a rule with a dot before term ``dot``: the static part of a state."""

    __slots__ = ("rule", "production", "rank", "rule_id", "completed", "next_term",
                 "next_is_rule", "next_id", "advance", "uid", "must")

    def __init__(self, rule: Any, production: Any, rank: int, dot: int,
                 advance: _Item | None, uid: int) -> None:
        self.rule, self.production, self.rank, self.rule_id = rule, production, rank, id(rule)
        terms = production.terms
        self.completed = dot >= len(terms)
        self.next_term = None if self.completed else terms[dot]
        self.next_is_rule = self.next_term is not None and is_bnf_rule(self.next_term)
        self.next_id = id(self.next_term)
        self.advance = advance
        self.uid = uid  # < 2**20: part of a state's dedup key
        self.must: frozenset[int] | None = None  # see ``LookaheadParser._set_musts``

    @staticmethod
    def chain(rule: Any, production: Any, rank: int, uids: Iterator[int]) -> _Item:
        """The item at dot 0, linked through ``advance`` to the later dots."""
        item = None
        for dot in range(len(production.terms), -1, -1):
            item = _Item(rule, production, rank, dot, item, next(uids))
        assert item is not None
        return item


def _node(state: tuple[Any, ...], memo: dict[int, Any]) -> Any:
    """The yargy tree of a completed state (shared sub-derivations give shared nodes)."""
    node = memo.get(id(state))
    if node is None:
        children = []
        cur: Any = state
        while cur is not None and cur[4] is not None:
            child = cur[4]
            children.append(_node(child, memo) if type(child) is tuple else child)
            cur = cur[3]
        children.reverse()
        item = state[0]
        node = memo[id(state)] = Node(item.rule, item.production, rank=item.rank,
                                      children=children)
    return node


class _Column:
    __slots__ = ("index", "token", "states", "keys", "waiting", "predicted", "ok", "ok2",
                 "rest")

    def __init__(self, index: int, token: Any) -> None:
        self.index = index
        self.token = token
        self.states: list[tuple[Any, ...]] = []
        self.keys: set[int] = set()
        self.waiting: dict[int, list[tuple[Any, ...]]] = {}  # rule id -> states before it
        self.predicted: set[int] = set()
        self.ok: frozenset[int] = frozenset()  # grammar terminals this column's token matches
        self.ok2: frozenset[int] | None = None  # those of the token after next (None: end)
        self.rest: frozenset[int] = frozenset()  # those of all the tokens after this column

    def add(self, state: tuple[Any, ...]) -> None:
        item = state[0]
        key = ((state[2] << 32 | state[1]) << 20) | item.uid
        if key in self.keys:
            return
        self.keys.add(key)
        self.states.append(state)
        if item.next_is_rule:
            self.waiting.setdefault(item.next_id, []).append(state)


class _Chart:
    def __init__(self, columns: list[_Column], rule: Any) -> None:
        self.columns, self.rule = columns, rule

    def matches(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(stop column, state) of the completed states of the grammar's start rule."""
        for column in self.columns:
            for state in column.states:
                if state[0].completed and state[0].rule is self.rule:
                    yield column.index, state


def _pred_keys(x: Any) -> list[tuple[str, str]] | None:
    """Token keys that any token satisfying predicate ``x`` has; None if not indexable."""
    import yargy.predicates.bank as b
    from yargy.predicates.constructors import AndPredicate, OrPredicate

    if isinstance(x, (b.in_caseless, b.in_)):
        return [("lc" if isinstance(x, b.in_caseless) else "v", v) for v in x.value]
    if isinstance(x, (b.caseless, b.eq)):
        return [("lc" if isinstance(x, b.caseless) else "v", x.value)]
    if isinstance(x, b.DictionaryPredicate):
        return [("n", v) for v in x.value] + [("lc", v) for v in x.value]
    if isinstance(x, b.TypePredicate):
        return [("t", x.value)]
    if isinstance(x, b.CustomPredicate) and x.types:
        return [("t", t) for t in x.types]
    if isinstance(x, (b.gte, b.lte)):
        return [("t", "INT")]
    if isinstance(x, (AndPredicate, OrPredicate)):
        parts = [_pred_keys(item) for item in x.predicates]
        if isinstance(x, AndPredicate):  # any indexable conjunct will do
            return next((k for k in parts if k is not None), None)
        return None if any(k is None for k in parts) else [k for ks in parts for k in ks or ()]
    return None
